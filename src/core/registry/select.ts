import { basename, extname, resolve } from "node:path";
import { ModelSelectionError } from "../errors/modelSelectionError";
import { sanitizeModelName } from "./modelName";
import { TIERS, type ModelSpec } from "./modelSpec";
import { SEED_MODELS } from "./seedModels";
import { sourceText } from "./sourceText";

/** Seed models, with user entries of the same name replacing them in place, then the other user entries. */
export function modelCatalog(userEntries: readonly ModelSpec[]): ModelSpec[] {
  const byName = new Map(userEntries.map((m) => [m.name, m]));
  const seeds = SEED_MODELS.map((seed) => byName.get(seed.name) ?? seed);
  const seedNames = new Set(SEED_MODELS.map((m) => m.name));
  return [...seeds, ...userEntries.filter((m) => !seedNames.has(m.name))];
}

/**
 * Resolves a `--model` value: `all`, a tier, a model name, a path to a `.gguf` file (which need not exist yet;
 * its stem becomes the name, tier "custom"), or a comma list of those. Keywords and names match case-
 * insensitively (an exact name wins). Duplicates are dropped, keeping the first; two different models that end
 * up with the same name are an error, since names key the result columns.
 */
export function selectModels(spec: string, userEntries: readonly ModelSpec[], cwd: string): ModelSpec[] {
  const catalog = modelCatalog(userEntries);
  const tokens = spec.split(",").map((t) => t.trim()).filter((t) => t !== "");
  if (tokens.length === 0) throw new ModelSelectionError(`No model given. ${validChoices(catalog)}`);
  const picked: ModelSpec[] = [];
  const unknown: string[] = [];
  for (const token of tokens) {
    const models = resolveToken(token, catalog, cwd);
    if (models === undefined) unknown.push(token);
    else if (models.length === 0) throw new ModelSelectionError(`Tier "${token}" has no models. ${validChoices(catalog)}`);
    else picked.push(...models);
  }
  if (unknown.length > 0) {
    const list = unknown.map((t) => `"${t}"`).join(", ");
    throw new ModelSelectionError(`Unknown model${unknown.length > 1 ? "s" : ""} ${list}. ${validChoices(catalog)}`);
  }
  return dedupe(picked);
}

function resolveToken(token: string, catalog: ModelSpec[], cwd: string): ModelSpec[] | undefined {
  const lower = token.toLowerCase();
  if (lower === "all") return catalog;
  const tier = TIERS.find((t) => t === lower);
  if (tier !== undefined) return catalog.filter((m) => m.tier === tier);
  const named = catalog.find((m) => m.name === token) ?? catalog.find((m) => m.name.toLowerCase() === lower);
  if (named !== undefined) return [named];
  if (extname(token).toLowerCase() === ".gguf") {
    const path = resolve(cwd, token);
    return [{ name: sanitizeModelName(basename(path, extname(path))), tier: "custom", source: { kind: "file", path } }];
  }
  return undefined;
}

function dedupe(models: ModelSpec[]): ModelSpec[] {
  const byName = new Map<string, ModelSpec>();
  for (const model of models) {
    const earlier = byName.get(model.name);
    if (earlier === undefined) byName.set(model.name, model);
    else if (JSON.stringify(earlier.source) !== JSON.stringify(model.source)) {
      throw new ModelSelectionError(
        `Two different models are both named "${model.name}" (${describeSource(earlier)} and ${describeSource(model)}). ` +
          `Rename one of the files, or add a user model entry with its own name.`,
      );
    }
  }
  return [...byName.values()];
}

function describeSource(model: ModelSpec): string {
  return sourceText(model.source);
}

function validChoices(catalog: ModelSpec[]): string {
  return (
    `Use "all", a tier (${TIERS.join(", ")}), a model name (${catalog.map((m) => m.name).join(", ")}), ` +
    `a path to a .gguf file, or a comma-separated list of these.`
  );
}
