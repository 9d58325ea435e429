import { basename, join } from "node:path";

// Where node-llama-cpp's resolveModelFile looks for (and downloads) the file of a model URI, and where the file
// can be fetched from. Mirrors node-llama-cpp 3.x naming; test/unit/llamaCppEngine.test.ts checks both agree.

const HF_URI = /^(?:hf:|huggingface:)(?:\/\/)?([^/]+)\/([^/]+)(?:\/(.+))?$/;
const DEFAULT_QUANT = "Q4_K_M";

/** The Hugging Face endpoint, honouring the same variables as node-llama-cpp (MODEL_ENDPOINT, HF_ENDPOINT). */
export function huggingFaceEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const configured = [env.MODEL_ENDPOINT, env.HF_ENDPOINT].find((url) => url && /^https?:\/\//.test(url));
  const endpoint = configured ?? "https://huggingface.co/";
  return endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
}

/** A plain https URL that is not on Hugging Face: node-llama-cpp cannot derive its file name offline. */
export function isPlainUrl(uri: string): boolean {
  if (!/^https?:\/\//.test(uri)) return false;
  const host = new URL(uri).hostname;
  return host !== new URL(huggingFaceEndpoint()).hostname && host !== "huggingface.co" && host !== "hf.co";
}

/** File name to pass as resolveModelFile's `fileName` (plain URLs only), so a placed file is found offline. */
export function plainUrlFileName(uri: string): string {
  return decodeURIComponent(basename(new URL(uri).pathname)) || "model.gguf";
}

/**
 * The path resolveModelFile expects for `uri` in `modelsDir`. `libraryMessage` is its "download is disabled"
 * error, which names the path exactly for `hf:owner/repo/file.gguf`; other forms are derived here.
 */
export function expectedModelPath(uri: string, modelsDir: string, libraryMessage = ""): string {
  const named = /No model file found at "(.+)" and download is disabled/.exec(libraryMessage);
  if (named?.[1]) return named[1];
  if (isPlainUrl(uri)) return join(modelsDir, plainUrlFileName(uri));
  const hf = HF_URI.exec(uri);
  if (hf && !hf[3]) {
    // hf:owner/repo[:quant] — the first of the names node-llama-cpp tries.
    const [repo = "", tag = ""] = hf[2]!.split(":");
    const quant = tag === "" || tag.toLowerCase() === "latest" ? DEFAULT_QUANT : tag.toUpperCase();
    const isGgufRepo = repo.toLowerCase().endsWith("-gguf");
    const base = isGgufRepo ? repo.slice(0, -"-gguf".length) : repo;
    const prefix = isGgufRepo ? `hf_${hf[1]}_` : `hf_${hf[1]}_${repo}_`;
    return join(modelsDir, `${prefix}${base}.${quant}.gguf`);
  }
  return join(modelsDir, basename(uri.replace(/[#?].*$/, "")));
}

/** A URL to download the file by hand (and to probe before a download). */
export function downloadUrl(uri: string): string {
  if (/^https?:\/\//.test(uri)) return uri;
  const hf = HF_URI.exec(uri);
  if (!hf) return uri;
  const [owner, repoAndTag, path] = [hf[1]!, hf[2]!, hf[3]];
  const repo = repoAndTag.split(":")[0]!;
  if (!path) return `${huggingFaceEndpoint()}${owner}/${repo}`;
  const [file, branch = "main"] = path.split("#");
  return `${huggingFaceEndpoint()}${owner}/${repo}/resolve/${branch}/${file}`;
}
