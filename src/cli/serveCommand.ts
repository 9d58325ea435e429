import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../core/errors/userError";
import { defaultModelsDir } from "../core/modelsDir";
import { PLACEHOLDER } from "../core/prompt/render";
import { selectModels } from "../core/registry/select";
import { createLlamaCppEngine } from "../engines/llamaCpp";
import { startChatServer } from "../engines/openai/server";
import { oneOf, parseFlags, positiveInt } from "./flags";
import { loadModelsFile } from "./modelsFile";
import { UsageError } from "./usageError";

/**
 * `prompt-bench serve --model M [--port N]`: one local model behind a minimal OpenAI-compatible API, for trying
 * endpoint entries without vLLM or Ollama. Runs until Ctrl-C.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const values = parseFlags(argv, {
    model: { type: "string" },
    "models-file": { type: "string" },
    "models-dir": { type: "string" },
    port: { type: "string", default: "8080" },
    host: { type: "string", default: "127.0.0.1" },
    threads: { type: "string" },
    gpu: { type: "string", default: "auto" },
    "api-key-env": { type: "string" },
    prompt: { type: "string" },
    "no-download": { type: "boolean", default: false },
  });
  if (!values.model) throw new UsageError("--model is required: a .gguf path, a short name or an entry of --models-file");
  const port = values.port === "0" ? 0 : positiveInt("--port", values.port ?? "8080");
  const gpu = oneOf("--gpu", values.gpu ?? "auto", ["auto", "off"] as const);
  const user = values["models-file"] ? loadModelsFile(resolve(values["models-file"])) : [];
  const specs = selectModels(values.model, user, process.cwd());
  const spec = specs[0];
  if (specs.length !== 1 || !spec) throw new UsageError(`--model must name one model, not ${specs.length} ("${values.model}")`);
  if (spec.source.kind === "endpoint") throw new UsageError(`"${spec.name}" is itself an endpoint entry; serve a local model (.gguf path or short name)`);
  const keyEnv = values["api-key-env"];
  const apiKey = keyEnv ? process.env[keyEnv]?.trim() : undefined;
  if (keyEnv && !apiKey) throw new UserError(`--api-key-env ${keyEnv}: the environment variable ${keyEnv} is not set. Set it to the key clients must send.`);

  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const engine = createLlamaCppEngine({
    modelsDir: values["models-dir"] ? resolve(values["models-dir"]) : defaultModelsDir(),
    threads: values.threads === undefined ? undefined : positiveInt("--threads", values.threads),
    gpu: gpu === "off" ? false : "auto",
    allowDownload: !values["no-download"],
    log: (level, message) => log(`${level}: ${message}`),
  });
  // With the prompt template, the text before {source} is evaluated once and each request continues from it, as in
  // a local run of that prompt (the same outputs, and faster).
  const promptPrefix = values.prompt ? (await readPromptFile(resolve(values.prompt))).split(PLACEHOLDER)[0] : undefined;
  const loaded = await engine.load(spec, promptPrefix === undefined ? {} : { workload: { rows: 1, longestPrompts: [], promptPrefix, maxNewTokens: 1024 } });
  const { server, endpoint } = await startChatServer({ loaded, apiKey, port, host: values.host ?? "127.0.0.1", log });
  process.stdout.write(
    `serving ${spec.name} at ${endpoint} (POST ${endpoint}/chat/completions; one request generates at a time)\n` +
      `models-file entry: ${JSON.stringify({ name: `${spec.name}-served`, endpoint, model: spec.name, ...(keyEnv ? { apiKeyEnv: keyEnv } : {}), concurrency: 1 })}\n`,
  );
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close(() => done());
      server.closeAllConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await engine.dispose();
  return 0;
}

async function readPromptFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new UserError(`--prompt ${file}: cannot read it (${(error as Error).message}). Give the prompt template the runs will use.`, file);
  }
}
