import { ModelLoadError } from "../../core/errors/modelLoadError";
import { printable, quoted } from "../../core/text/untrustedText";
import type { NativeLog } from "./nativeLog";
import type { NLC } from "./nodeLlamaCpp";

const AGAIN = "Download it again (or convert it again)";
const LLAMA_CPP = "the llama.cpp built into node-llama-cpp";
/** The line llama.cpp logs last when a load fails (see NativeLog.settle). */
export const LOAD_FAILED_LINE = /llama_model_load_from_file_impl: failed to load model/;
/** ggml types that llama.cpp has dropped (their block size is 0 there): Q4_2, Q4_3 and the old repacked layouts. */
const REMOVED_TYPES: ReadonlySet<number> = new Set([4, 5, 31, 32, 33, 36, 37, 38]);

/**
 * An error from node-llama-cpp reading or loading `file` as the ModelLoadError it stands for (llama.cpp's reason
 * comes from its log lines since `mark`); errors that say nothing about the file (a bug, a cancel) pass through.
 */
export async function loadFailure(model: string, file: string, error: unknown, nlc: Pick<NLC, "readGgufFileInfo" | "GgmlType">, log: NativeLog, mark: number): Promise<unknown> {
  if (error instanceof ModelLoadError) return error;
  if (isLlamaCppLoadFailure(error)) return llamaCppLoadError(model, file, await log.settle(mark, LOAD_FAILED_LINE));
  return tensorTypeError(model, file, error, nlc);
}

/** node-llama-cpp's "Failed to load model": llama.cpp refused the file and said why in its log only. */
export function isLlamaCppLoadFailure(error: unknown): boolean {
  return error instanceof Error && /^Failed to load model\b/.test(error.message);
}

/**
 * llama.cpp's reason for a failed load, from its error lines (since the load began), as a ModelLoadError that
 * names the file and says what to do.
 */
export function llamaCppLoadError(model: string, file: string, lines: readonly string[]): ModelLoadError {
  const text = lines.join("\n");
  const fail = (problem: ConstructorParameters<typeof ModelLoadError>[2], reason: string): ModelLoadError => new ModelLoadError(model, file, problem, reason);
  const arch = /unknown model architecture: '([^'\n]*)'/.exec(text);
  if (arch) {
    return fail("unsupported-architecture", `${file} is a model of architecture ${quoted(arch[1]!)}, which ${LLAMA_CPP} cannot run. ` +
      `Use a GGUF of an architecture llama.cpp supports (llama, qwen2, qwen3, gemma, mistral, phi3, …), or update Prompt Bench if the architecture is new.`);
  }
  const bounds = /tensor '([^'\n]*)' data is not within the file bounds/.exec(text);
  if (bounds) return fail("truncated", `${file} is cut short or corrupted: the data of its tensor ${quoted(bounds[1]!)} lies past the end of the file. ${AGAIN}.`);
  const type = /tensor '([^'\n]*)' (?:has invalid ggml type|of type) (\d+)/.exec(text);
  if (type) return unsupportedTypeError(model, file, type[1]!, Number(type[2]));
  const offset = /tensor '([^'\n]*)' has offset (\d+), expected (\d+)/.exec(text);
  if (offset) {
    return fail("corrupt", `${file} is corrupted: its tensor table does not add up (tensor ${quoted(offset[1]!)} has data offset ${offset[2]}, llama.cpp expects ${offset[3]}). ${AGAIN}.`);
  }
  const gguf = /gguf_init_from_\w+: (.*)/.exec(text);
  if (gguf) return fail("corrupt", `${file} is corrupted: llama.cpp cannot read its header (${printable(gguf[1]!)}). ${AGAIN}.`);
  const reason = /error loading model: (?!llama_model_loader: failed to load model)(.*)/.exec(text)?.[1];
  return fail("llama-cpp", `${LLAMA_CPP} could not load ${file}${reason ? `: ${printable(reason)}` : " and gave no reason"}. ` +
    `Check that it is a complete GGUF of a model llama.cpp supports; ${AGAIN.toLowerCase()} if it came from a download.`);
}

/**
 * node-llama-cpp's memory estimator throws on a tensor type it cannot size ("Invalid type or block size", or a NaN
 * BigInt for a type llama.cpp dropped): find that tensor in the file's tensor table. Other errors pass through.
 */
export async function tensorTypeError(model: string, file: string, error: unknown, nlc: Pick<NLC, "readGgufFileInfo" | "GgmlType">): Promise<unknown> {
  const message = error instanceof Error ? error.message : "";
  if (!/Invalid type or block size|cannot be converted to a BigInt/.test(message)) return error;
  const info = await nlc.readGgufFileInfo(file, { logWarnings: false }).catch(() => undefined);
  const known = nlc.GgmlType as unknown as Record<number, string | undefined>;
  const odd = info?.fullTensorInfo?.find((t) => known[t.ggmlType] === undefined || REMOVED_TYPES.has(t.ggmlType));
  return odd ? unsupportedTypeError(model, file, odd.name, odd.ggmlType, known[odd.ggmlType]) : error;
}

function unsupportedTypeError(model: string, file: string, tensor: string, type: number, name?: string): ModelLoadError {
  const what = name === undefined ? `type ${type}, which ${LLAMA_CPP} does not know` : `type ${name} (${type}), which llama.cpp no longer supports`;
  return new ModelLoadError(model, file, "unsupported-tensor-type", `${file} stores its tensor ${quoted(tensor)} as ${what} ` +
    `(an unsupported quantisation, or a corrupted file). Use another quantisation of the model (e.g. Q4_K_M or Q8_0), or download it again.`);
}
