import { UserError } from "../../core/errors/userError";
import { huggingFaceEndpoint, isPlainUrl } from "./modelUri";

const HF_URI = /^(?:hf:|huggingface:)(?:\/\/)?([^/]+)\/([^/:#]+)/;
const SET_TOKEN = "set a token (HF_TOKEN for the CLI, 'Prompt Bench: Set Hugging Face Token' in VS Code)";

/** A download refused with HTTP 401/403: a gated repository (Llama) or a token without access. */
export class GatedModelError extends UserError {
  constructor(readonly uri: string, readonly status: number, hasToken: boolean) {
    super(gatedMessage(uri, status, hasToken));
  }
}

/** Not enough free disk in the models folder for a download. */
export class DiskSpaceError extends UserError {
  constructor(readonly modelsDir: string, readonly neededBytes: number, readonly freeBytes: number) {
    super(
      `Not enough disk space to download the model to ${modelsDir}: it needs ${gb(neededBytes)} GB, ` +
        `${gb(freeBytes)} GB is free. Free some space there, or choose another models folder with the setting ` +
        `promptBench.modelsDir (VS Code) or the flag --models-dir (CLI).`,
      modelsDir,
    );
  }
}

/** "4.4", "0.13", "0.00013": two significant digits below 1 GB. */
function gb(bytes: number): string {
  return bytes >= 1e9 ? (bytes / 1e9).toFixed(1) : String(Number((bytes / 1e9).toPrecision(2)));
}

/** The page where access to the model's repository is requested; undefined for non-Hugging Face URLs. */
export function repoPageUrl(uri: string): string | undefined {
  const hf = HF_URI.exec(uri);
  if (hf) return `${huggingFaceEndpoint()}${hf[1]}/${hf[2]}`;
  if (!/^https?:\/\//.test(uri) || isPlainUrl(uri)) return undefined;
  const url = new URL(uri);
  const [owner, repo] = url.pathname.split("/").filter(Boolean);
  return owner && repo ? `${url.origin}/${owner}/${repo}` : undefined;
}

function gatedMessage(uri: string, status: number, hasToken: boolean): string {
  const page = repoPageUrl(uri);
  if (!page) {
    return `${uri} was refused (HTTP ${status}): the server needs credentials Prompt Bench cannot send. ` +
      `Download the file yourself and use its path as the model.`;
  }
  if (!hasToken) return `${uri} is gated: request access at ${page}, then ${SET_TOKEN}.`;
  if (status === 401) {
    return `${uri}: Hugging Face rejected the token (HTTP 401): it is invalid or expired. Create a read token at ` +
      `https://huggingface.co/settings/tokens and ${SET_TOKEN}.`;
  }
  return `${uri} is gated and your Hugging Face token has no access to it yet (HTTP 403): request access at ${page} ` +
    `(approval can take a while) with the account the token belongs to, or ${SET_TOKEN} of an account that has access.`;
}

/** The HTTP status in an error from node-llama-cpp or ipull, when it carries one. */
export function httpStatusOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof code === "number") return code;
  const message = error instanceof Error ? error.message : String(error);
  const match = /Status code: (\d{3})|: (\d{3}) [A-Z][a-z]/.exec(message);
  return match ? Number(match[1] ?? match[2]) : undefined;
}
