import { statSync } from "node:fs";
import { RerunRefusedError } from "../errors/rerunRefusedError";
import type { ModelRecord, RunRecord } from "../history/runRecord";
import type { EndpointSource, ModelSpec } from "../registry/modelSpec";

export interface RerunChecks {
  /** SHA-256 of a file (the history's cache, else hashing it). */
  hashFile: (path: string) => Promise<string>;
  allowChangedDataset: boolean;
  /** Endpoint entries (--models-file): a recorded endpoint model of the same name takes its key and limits from it. */
  endpointEntries?: readonly ModelSpec[];
}

export interface RerunPlan {
  models: ModelSpec[];
  /** What the rerun cannot check (endpoints, unresolved URIs, a changed dataset that was allowed), for people. */
  notes: string[];
}

/**
 * Checks that a recorded run can be repeated as it was and returns its models. Every problem is collected and
 * refused at once (RerunRefusedError), before anything runs: a rerun on other weights or another dataset would
 * not repeat the run, it would be a new one.
 */
export async function planRerun(run: RunRecord, checks: RerunChecks): Promise<RerunPlan> {
  const refuse = (message: string, file?: string): never => {
    throw new RerunRefusedError(message, file, run.id);
  };
  if (run.params.skipInference || run.models.length === 0) {
    refuse(`Run ${run.id} only re-scored ${run.resultsFile} (no model ran), so there is nothing to rerun. Re-score it with: prompt-bench score --csv ${run.resultsFile}`, run.resultsFile);
  }
  if (run.prompt.text === "") {
    refuse(`Run ${run.id} recorded no prompt text (its prompt file ${run.prompt.file ?? "(none)"} was empty or missing), so it cannot be repeated.`, run.prompt.file);
  }
  const problems: { message: string; file?: string }[] = [];
  const notes: string[] = [];
  const dataset = run.dataset.file;
  if (!isFile(dataset)) {
    problems.push({ message: `The dataset ${dataset} of run ${run.id} is missing. Put the file back (SHA-256 ${run.dataset.sha256}) and run again.`, file: dataset });
  } else {
    const now = await checks.hashFile(dataset);
    if (now !== run.dataset.sha256) {
      const what = `The dataset ${dataset} changed since run ${run.id}: recorded SHA-256 ${run.dataset.sha256}, now ${now}.`;
      if (checks.allowChangedDataset) notes.push(`${what} Running on its current rows (--allow-changed-dataset); rows whose input changed are not compared.`);
      else problems.push({ message: `${what} Restore the file the run used, or pass --allow-changed-dataset to rerun on its current rows.`, file: dataset });
    }
  }
  const models: ModelSpec[] = [];
  for (const model of run.models) {
    const spec = await modelSpec(run.id, model, checks, problems, notes);
    if (spec) models.push(spec);
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => p.message);
    refuse(problems.length === 1 ? lines[0]! : `Run ${run.id} cannot be repeated as it was:\n- ${lines.join("\n- ")}`, problems[0]!.file);
  }
  return { models, notes };
}

async function modelSpec(runId: string, model: ModelRecord, checks: RerunChecks, problems: { message: string; file?: string }[], notes: string[]): Promise<ModelSpec | undefined> {
  const lora = await checkLora(runId, model, checks, problems);
  if (model.kind === "file") {
    if (model.file === undefined) {
      problems.push({ message: `Model "${model.name}" of run ${runId} has no recorded file path; it cannot be rerun.` });
      return undefined;
    }
    if (!(await checkFile(runId, model.name, "file", model.file, model.fileSha256, checks, problems, notes))) return undefined;
    return { name: model.name, tier: "custom", source: { kind: "file", path: model.file }, ...(lora && { lora }) };
  }
  if (model.kind === "uri") {
    if (model.uri === undefined) {
      problems.push({ message: `Model "${model.name}" of run ${runId} has no recorded URI; it cannot be rerun.` });
      return undefined;
    }
    // The run resolved the URI to a file in the models folder; where it is still there, it must be the same bytes.
    const resolved = typeof model.info.filePath === "string" ? model.info.filePath : undefined;
    if (resolved !== undefined && isFile(resolved) && model.fileSha256 !== undefined) {
      if (!(await checkFile(runId, model.name, "file", resolved, model.fileSha256, checks, problems, notes))) return undefined;
    } else {
      notes.push(`Model "${model.name}" (${model.uri}): its file is not in the models folder any more (or was not hashed), so it is resolved again and cannot be checked against the run's SHA-256 ${model.fileSha256 ?? "(none recorded)"}.`);
    }
    return { name: model.name, tier: "custom", source: { kind: "uri", uri: model.uri }, ...(lora && { lora }) };
  }
  return endpointSpec(runId, model, checks, problems, notes);
}

function endpointSpec(runId: string, model: ModelRecord, checks: RerunChecks, problems: { message: string; file?: string }[], notes: string[]): ModelSpec | undefined {
  if (model.endpoint === undefined || model.endpointModel === undefined) {
    problems.push({ message: `Model "${model.name}" of run ${runId} has no recorded endpoint and server model name; it cannot be rerun.` });
    return undefined;
  }
  const entry = checks.endpointEntries?.find((e) => e.name === model.name && e.source.kind === "endpoint");
  const given = entry?.source as EndpointSource | undefined;
  if (given && (given.endpoint !== model.endpoint || given.model !== model.endpointModel)) {
    problems.push({ message: `Model "${model.name}": the models file names ${given.model} @ ${given.endpoint}, but run ${runId} used ${model.endpointModel} @ ${model.endpoint}. Fix the entry, or leave it out of --models-file.` });
    return undefined;
  }
  notes.push(`Model "${model.name}" is served by ${model.endpoint}: the server's weights cannot be checked, and a server may not decode deterministically.`);
  const prices = { pricePer1kInput: numberOr(model.info.pricePer1kInput), pricePer1kOutput: numberOr(model.info.pricePer1kOutput) };
  const source: EndpointSource = given ?? { kind: "endpoint", endpoint: model.endpoint, model: model.endpointModel, ...definedOnly(prices) };
  return { name: model.name, tier: "custom", source };
}

async function checkLora(runId: string, model: ModelRecord, checks: RerunChecks, problems: { message: string; file?: string }[]): Promise<ModelSpec["lora"]> {
  if (!model.lora || model.lora.length === 0) return undefined;
  for (const adapter of model.lora) {
    await checkFile(runId, model.name, "LoRA adapter", adapter.path, adapter.sha256, checks, problems, []);
  }
  return model.lora.map((a) => ({ path: a.path, ...(a.scale !== undefined && { scale: a.scale }) }));
}

/** False (with the problem added) when the file is missing or its SHA-256 differs from the recorded one. */
async function checkFile(
  runId: string,
  name: string,
  what: string,
  file: string,
  recorded: string | undefined,
  checks: RerunChecks,
  problems: { message: string; file?: string }[],
  notes: string[],
): Promise<boolean> {
  if (!isFile(file)) {
    problems.push({ message: `Model "${name}": its ${what} ${file} is missing. Put the file run ${runId} used back there${recorded ? ` (SHA-256 ${recorded})` : ""}, then rerun.`, file });
    return false;
  }
  if (recorded === undefined) {
    notes.push(`Model "${name}": run ${runId} recorded no SHA-256 for ${file}, so it cannot be checked.`);
    return true;
  }
  const now = await checks.hashFile(file);
  if (now === recorded) return true;
  problems.push({
    message:
      `Model "${name}": ${file} changed since run ${runId}: recorded SHA-256 ${recorded}, now ${now}. ` +
      `A rerun would not use the same weights. Restore the file the run used, or benchmark the new file as a new run (prompt-bench run).`,
    file,
  });
  return false;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

