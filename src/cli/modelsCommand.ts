import { existsSync, statSync } from "node:fs";
import { freemem } from "node:os";
import { resolve } from "node:path";
import { ModelFileMissingError } from "../core/errors/modelFileMissingError";
import { estimateFit, type FitEstimate, type FreeMemory } from "../core/registry/memoryFit";
import { MODEL_FACTS } from "../core/registry/modelFacts";
import type { ModelSpec } from "../core/registry/modelSpec";
import { modelCatalog } from "../core/registry/select";
import { defaultModelsDir } from "../core/modelsDir";
import { loadNodeLlamaCpp } from "../engines/llamaCpp/nodeLlamaCpp";
import { resolveModel } from "../engines/llamaCpp";
import { loadModelsFile } from "./modelsFile";
import { parseFlags } from "./flags";

interface ModelListing {
  name: string;
  tier: string;
  uri?: string;
  path: string;
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
  const free = await freeMemory();
  const listings: ModelListing[] = [];
  for (const spec of modelCatalog(user)) listings.push(await describe(spec, modelsDir, free));
  if (values.json) {
    process.stdout.write(JSON.stringify(listings, null, 2) + "\n");
    return 0;
  }
  process.stdout.write(`models folder: ${modelsDir}\nfree: ${(free.vram / 1e9).toFixed(1)} GB VRAM, ${(free.ram / 1e9).toFixed(1)} GB RAM\n\n`);
  for (const m of listings) {
    const size = m.sizeBytes ? `${(m.sizeBytes / 1e9).toFixed(1)} GB` : "?";
    process.stdout.write(`${m.tier.padEnd(9)} ${m.name.padEnd(16)} ${size.padStart(8)}  ${m.present ? "present" : "missing"}  ${m.fit ?? ""}\n  ${m.uri ?? m.path}\n`);
  }
  return 0;
}

async function describe(spec: ModelSpec, modelsDir: string, free: FreeMemory): Promise<ModelListing> {
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
  const fit: FitEstimate | undefined = sizeBytes === undefined ? undefined : estimateFit(sizeBytes, free);
  return {
    name: spec.name,
    tier: spec.tier,
    ...(spec.source.kind === "uri" ? { uri: spec.source.uri } : {}),
    path,
    ...(facts ? { hfModel: facts.hfModel, paramsB: facts.paramsB, reasoning: facts.reasoning } : {}),
    sizeBytes,
    present,
    fits: fit?.fits,
    fit: fit?.reason,
  };
}

async function freeMemory(): Promise<FreeMemory> {
  const { getLlama, LlamaLogLevel } = await loadNodeLlamaCpp();
  const llama = await getLlama({ gpu: "auto", logLevel: LlamaLogLevel.error });
  try {
    const vram = llama.gpu ? (await llama.getVramState()).free : 0;
    return { vram, ram: freemem() };
  } finally {
    await llama.dispose();
  }
}
