import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { printable } from "../../core/text/untrustedText";

/** Whether a GGUF's chat template is safe to render in this process, and if not, why (a phrase after "its chat template"). */
export type TemplateVerdict = { ok: true } | { ok: false; reason: string };

export interface TemplateProbeLimits {
  /** Wall time for the renders once node-llama-cpp is imported in the worker; a hang guard. Default 10 s. */
  timeoutMs?: number;
  /** Heap of the worker, MB. Default 256. */
  heapMb?: number;
}

export const DEFAULT_TEMPLATE_TIMEOUT_MS = 10_000;
const DEFAULT_HEAP_MB = 256;
/** Template text around one prompt: real templates add a few KB at most (tool instructions, a date). */
const MAX_TEMPLATE_CHARS = 256 * 1024;
const SAMPLE_PROMPT = "Extract the fields as JSON from this text: Anna lives in Berlin.";

/**
 * The worker: node-llama-cpp's Jinja wrapper as the load builds it (its own sanity renders: conversations with a
 * system message and several turns, function calls), then one prompt and one longer conversation, and the size of
 * the prompt it makes. The template sees placeholders instead of message texts (node-llama-cpp splices the texts in
 * afterwards), so what it does here is what it does for every row — unless it reads the clock (strftime_now).
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const nlc = await import(workerData.moduleUrl);
  parentPort.postMessage({ type: "ready" });
  const wrapper = new nlc.JinjaTemplateChatWrapper({ template: workerData.template });
  const render = (chatHistory) => wrapper.generateContextState({ chatHistory }).contextText.toString();
  const prompt = render([{ type: "user", text: workerData.prompt }, { type: "model", response: [] }]);
  render([{ type: "system", text: "Be brief." }, { type: "user", text: "A" }, { type: "model", response: ["B"] }, { type: "user", text: "C" }, { type: "model", response: [] }]);
  parentPort.postMessage({ type: "done", chars: prompt.length - workerData.prompt.length });
})().catch((error) => parentPort.postMessage({ type: "error", message: String((error && error.message) || error) }));
`;

export interface TemplateProbe {
  verdict: Promise<TemplateVerdict>;
  /** Stops a check still running (the load failed); its verdict is then not kept. */
  cancel(): void;
}

/** Verdicts by limits and template, for this process: each template is checked once (tests load one model often). */
const verdicts = new Map<string, Promise<TemplateVerdict>>();

/**
 * Renders a chat template in a worker thread with a time and memory budget. The template language is a sandboxed
 * interpreter (no JavaScript, files or network), but it can loop or build huge strings; rendered in the main thread
 * that would freeze the CLI or the VS Code extension host. See docs/SECURITY.md.
 */
export function probeTemplate(template: string, limits: TemplateProbeLimits = {}): TemplateProbe {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TEMPLATE_TIMEOUT_MS;
  const heapMb = limits.heapMb ?? DEFAULT_HEAP_MB;
  const key = `${timeoutMs}:${heapMb}:${template}`;
  const known = verdicts.get(key);
  if (known) return { verdict: known, cancel: () => undefined };
  let settled = false;
  let finish: (verdict: TemplateVerdict) => void = () => undefined;
  const verdict = new Promise<TemplateVerdict>((resolve) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { template, prompt: SAMPLE_PROMPT, moduleUrl: wrapperModuleUrl() },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
      // Its console output (node-llama-cpp's own warnings) stays in the worker.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    // Until the worker has imported node-llama-cpp only a generous start-up guard runs (a loaded machine is slow).
    let timer: NodeJS.Timeout | undefined = setTimeout(() => finish({ ok: false, reason: "could not be checked (the check did not start within 2 minutes)" }), 120_000);
    finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    worker.on("message", (message: { type: string; chars?: number; message?: string }) => {
      if (message.type === "ready") {
        clearTimeout(timer);
        timer = setTimeout(() => finish({ ok: false, reason: `did not finish rendering a sample prompt within ${timeoutMs / 1000} s (it loops without end, or nearly)` }), timeoutMs);
      } else if (message.type === "error") {
        finish({ ok: false, reason: `cannot be rendered (${printable(renderError(message.message ?? ""), 300)})` });
      } else if ((message.chars ?? 0) > MAX_TEMPLATE_CHARS) {
        finish({ ok: false, reason: `wraps a sample prompt in ${message.chars} characters of its own text (more than ${MAX_TEMPLATE_CHARS / 1024} KB)` });
      } else {
        finish({ ok: true });
      }
    });
    worker.on("error", (error: Error & { code?: string }) => {
      const reason = error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? `needed more than ${heapMb} MB of memory to render a sample prompt`
        : `could not be checked: ${printable(error.message, 300)}`;
      finish({ ok: false, reason });
    });
    worker.on("exit", (code) => finish({ ok: false, reason: `could not be checked (the check stopped with exit code ${code})` }));
  });
  verdicts.set(key, verdict);
  return {
    verdict,
    cancel: () => {
      if (settled) return;
      verdicts.delete(key);
      finish({ ok: false, reason: "was not checked (the load stopped first)" });
    },
  };
}

/** The module of node-llama-cpp's Jinja wrapper alone (a fifth of the import time of the whole package), else the package. */
function wrapperModuleUrl(): string {
  const index = require.resolve("node-llama-cpp");
  const direct = join(dirname(index), "chatWrappers", "generic", "JinjaTemplateChatWrapper.js");
  return pathToFileURL(existsSync(direct) ? direct : index).href;
}

/** node-llama-cpp's sanity-test error without its wrapping ("The provided Jinja template failed the sanity test: …"). */
export function renderError(message: string): string {
  return message
    .replace(/^The provided Jinja template failed the sanity test: /, "")
    .replace(/\. Inspect the Jinja template to find out what went wrong$/, "");
}
