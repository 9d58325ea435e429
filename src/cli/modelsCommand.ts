import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ModelFileMissingError } from "../core/errors/modelFileMissingError";
import { formatBytes } from "../core/registry/memoryFit";
import { MODEL_FACTS } from "../core/registry/modelFacts";
import { describeLora } from "../core/registry/lora";
import type { ModelSpec } from "../core/registry/modelSpec";
import { sourceText } from "../core/registry/sourceText";
import { modelCatalog } from "../core/registry/select";
import { defaultModelsDir } from "../core/modelsDir";
import type { Engine, FitReport } from "../core/engine/engine";
import { createLlamaCppEngine, resolveModel } from "../engines/llamaCpp";
import { loadModelsFile } from "./modelsFile";
import { parseFlags } from "./flags";

interface ModelListing {
  name: string;
  tier: string;
  uri?: string;
  /** Local models: where the file is or goes. */
  path?: string;
  /** Endpoint models: "model @ endpoint"; present and fits do not apply to them. */
  remote?: string;
  /** LoRA adapters applied on top (user entries). */
  lora?: { path: string; scale?: number }[];
  hfModel?: string;
  paramsB?: number;
  reasoning?: boolean;
  sizeBytes?: number;
  present: boolean;
  fits?: boolean;
  fit?: string;
}

/** `prompt-bench models [--json]`: the registry and your entries, whether each file is here and fits this machine. */
export async function modelsCommand(argv: string[]): Promise<number> {
  const values = parseFlags(argv, { json: { type: "boolean", default: false }, "models-dir": { type: "string" }, "models-file": { type: "string" } });
  const modelsDir = values["models-dir"] ? resolve(values["models-dir"]) : defaultModelsDir();
  const user = values["models-file"] ? loadModelsFile(resolve(values["models-file"])) : [];
  // The engine's fit check: node-llama-cpp's estimate for a present file, else the file-size estimate.
  const engine = createLlamaCppEngine({ modelsDir, allowDownload: false });
  const listings: ModelListing[] = [];
  const reports: FitReport[] = [];
  try {
    for (const spec of modelCatalog(user)) listings.push(await describe(spec, modelsDir, engine, reports));
  } finally {
    await engine.dispose();
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(listings, null, 2) + "\n");
    return 0;
  }
  const free = reports.find((r) => r.freeRamBytes !== undefined);
  const freeLine = free ? `${free.freeVramBytes ? `${formatBytes(free.freeVramBytes)} VRAM` : "no VRAM"}, ${formatBytes(free.freeRamBytes ?? 0)} RAM` : "unknown";
  process.stdout.write(`models folder: ${modelsDir}\nfree (as node-llama-cpp counts it): ${freeLine}\n\n`);
  for (const m of listings) {
    const size = m.sizeBytes ? `${(m.sizeBytes / 1e9).toFixed(1)} GB` : "?";
    process.stdout.write(`${m.tier.padEnd(9)} ${m.name.padEnd(16)} ${size.padStart(8)}  ${m.remote ? "remote " : m.present ? "present" : "missing"}  ${m.fit ?? ""}\n  ${m.uri ?? m.path ?? m.remote}${m.lora ? ` + LoRA ${describeLora(m.lora)}` : ""}\n`);
  }
  return 0;
}

async function describe(spec: ModelSpec, modelsDir: string, engine: Engine, reports: FitReport[]): Promise<ModelListing> {
  if (spec.source.kind === "endpoint") {
    return { name: spec.name, tier: spec.tier, remote: sourceText(spec.source), present: false, fit: "remote: memory fit is the server's concern" };
  }
  const facts = MODEL_FACTS[spec.name];
  let path: string;
  let present = false;
  try {
    path = await resolveModel(spec.source, { modelsDir, allowDownload: false });
    present = true;
  } catch (error) {
    if (!(error instanceof ModelFileMissingError)) throw error;
    path = error.expectedPath;
  }
  const sizeBytes = present && existsSync(path) ? statSync(path).size : facts ? Math.round(facts.fileSizeGB * 1e9) : undefined;
  // One unreadable file (not a GGUF, truncated) must not hide the rest of the list.
  const fit: FitReport | undefined = await engine.checkFit?.(spec).catch((error: unknown) => ({
    fits: false,
    reason: `cannot tell: ${error instanceof Error ? error.message : String(error)}`,
  }));
  if (fit?.freeRamBytes !== undefined) reports.push(fit);
  return {
    name: spec.name,
    tier: spec.tier,
    ...(spec.source.kind === "uri" ? { uri: spec.source.uri } : {}),
    path,
    ...(spec.lora ? { lora: spec.lora } : {}),
    ...(facts ? { hfModel: facts.hfModel, paramsB: facts.paramsB, reasoning: facts.reasoning } : {}),
    sizeBytes,
    present,
    fits: fit?.fits,
    fit: fit?.reason,
  };
}
