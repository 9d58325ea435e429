import { printable } from "../../core/text/untrustedText";
import type { EngineLogLevel } from "./llamaCppEngine";
import type { Llama, LlamaChatSession, LlamaModel, NLC } from "./nodeLlamaCpp";
import { probeTemplate, renderError, type TemplateProbe, type TemplateProbeLimits, type TemplateVerdict } from "./templateProbe";

export type ChatWrapper = LlamaChatSession["chatWrapper"];
type GgufFileInfo = LlamaModel["fileInfo"];

export interface ChatTemplateOptions {
  /** The GGUF's path, named in the warning. */
  file: string;
  log: (level: EngineLogLevel, message: string) => void;
  /** The template check's verdict; undefined: no check (PROMPT_BENCH_TEMPLATE_CHECK=off, or no template). */
  verdict?: Promise<TemplateVerdict>;
  /** Set once the fallback was logged, so one load (vocabulary-only check included) warns once. */
  warned?: boolean;
}

/** PROMPT_BENCH_TEMPLATE_CHECK=off turns the chat template check off; anything else leaves it on. */
export function templateCheckEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PROMPT_BENCH_TEMPLATE_CHECK?.trim().toLowerCase() !== "off";
}

/** Starts the check of a GGUF's chat template (see probeTemplate); undefined when it has none. */
export function checkChatTemplate(info: GgufFileInfo, limits?: TemplateProbeLimits): TemplateProbe | undefined {
  const template = info.metadata?.tokenizer?.chat_template;
  if (typeof template !== "string" || template.trim() === "") return undefined;
  return probeTemplate(template, limits);
}

/**
 * The chat wrapper for a loaded model: node-llama-cpp's choice from the GGUF's chat template when the template
 * passed the check, else node-llama-cpp's built-in format chosen from the model's name and architecture, with a
 * warning naming the file. node-llama-cpp's own fallback prints a stack trace to the console
 * (resolveChatWrapper(model)); the options form with fallbackToOtherWrappersOnJinjaError: false throws instead.
 */
export async function chooseChatWrapper(nlc: NLC, llama: Llama, model: LlamaModel, options: ChatTemplateOptions): Promise<ChatWrapper> {
  const fileInfo = model.fileInfo;
  const base = {
    bosString: model.tokens.bosString,
    filename: model.filename,
    fileInfo,
    tokenizer: model.tokenizer,
    llama,
    warningLogs: false,
  };
  const builtIn = (why: string): ChatWrapper => {
    // Without the template in the metadata, so resolveChatWrapper's comparisons do not render it either.
    const tokenizer = { ...fileInfo.metadata.tokenizer, chat_template: undefined };
    const stripped = { ...fileInfo, metadata: { ...fileInfo.metadata, tokenizer } } as GgufFileInfo;
    const wrapper = nlc.resolveChatWrapper({ ...base, fileInfo: stripped }) ?? new nlc.GeneralChatWrapper();
    if (!options.warned) {
      options.log("warn", `${options.file}: its chat template ${why}; using node-llama-cpp's built-in "${wrapper.wrapperName}" chat format ` +
        `instead, so prompts may not be formatted as the model expects. Fix the model's tokenizer.chat_template or use another GGUF of the model.`);
    }
    options.warned = true;
    return wrapper;
  };
  const verdict = await options.verdict;
  if (verdict && !verdict.ok) return builtIn(verdict.reason);
  try {
    return nlc.resolveChatWrapper({ ...base, fallbackToOtherWrappersOnJinjaError: false }) ?? new nlc.GeneralChatWrapper();
  } catch (error) {
    return builtIn(`cannot be rendered (${printable(renderError(error instanceof Error ? error.message : String(error)), 300)})`);
  }
}
