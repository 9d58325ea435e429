import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { ModelSelectionError } from "../errors/modelSelectionError";
import { endpointEntryProblems, endpointFields, endpointSource } from "./endpointEntry";
import { modelNameProblem } from "./modelName";
import { TIERS, type LoraAdapter, type ModelSpec } from "./modelSpec";

/** One adapter: a GGUF path, or `{ "path", "scale"? }` (scale default 1; 0 switches it off, negative subtracts it). */
const loraAdapterSchema = z.preprocess(
  (value) => (typeof value === "string" ? { path: value } : value),
  z.strictObject(
    {
      path: z.string({ error: "path must be a string" }).min(1, "path must not be empty"),
      scale: z.number({ error: "scale must be a number" }).optional(),
    },
    { error: (issue) => (issue.code === "invalid_type" ? 'expected a path or { "path": "adapter.gguf", "scale": 1 }' : undefined) },
  ),
);
/** `lora`: one adapter path, or a list of adapters. */
const loraSchema = z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(loraAdapterSchema, {
  error: 'lora must be a path or a list like [{ "path": "adapter.gguf", "scale": 1 }]',
}));

/**
 * One user model, from the `--models-file` JSON array or the VS Code setting: a name, an optional tier
 * (default "custom"), exactly one of `path` (a local GGUF) or `uri` (`hf:…` or an https URL), and optional
 * `lora` adapters applied on top (one path, or a list of paths / `{ path, scale }`). Unknown keys are rejected so
 * a typo such as "teir" is reported instead of silently ignored.
 */
export const userModelEntrySchema = z
  .strictObject({
    name: z.string().superRefine((name, ctx) => {
      const problem = modelNameProblem(name) ?? reservedProblem(name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    tier: z.enum(TIERS, { error: `tier must be one of ${TIERS.join(", ")}` }).default("custom"),
    path: z.string().min(1, "path must not be empty").optional(),
    uri: z
      .string()
      .regex(/^(hf:|https?:\/\/)/, 'uri must start with "hf:" (e.g. hf:user/repo/file.gguf) or "https://"')
      .optional(),
    lora: loraSchema.optional(),
    ...endpointFields,
  })
  .refine((entry) => [entry.path, entry.uri, entry.endpoint].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of "path" (a local .gguf file) or "uri" (an hf: URI), or "endpoint" (an OpenAI-compatible server\'s URL up to /v1) with "model"',
  })
  .superRefine((entry, ctx) => {
    for (const problem of endpointEntryProblems(entry)) ctx.addIssue({ code: "custom", message: problem });
  });

export type UserModelEntry = z.input<typeof userModelEntrySchema>;

/**
 * Validates user entries; every problem is reported at once, each naming `origin` (a file or a setting) and the
 * entry's 0-based index. Relative paths are resolved against `baseDir` when given (the models file's folder or
 * the workspace folder), otherwise kept as written.
 */
export function parseUserEntries(json: unknown, origin: string, baseDir?: string): ModelSpec[] {
  if (!Array.isArray(json)) {
    throw new ModelSelectionError(`${origin}: expected a JSON array of model entries like [{ "name": "my-model", "path": "/models/my.gguf" }].`);
  }
  const problems: string[] = [];
  const specs: ModelSpec[] = [];
  const seen = new Map<string, number>();
  json.forEach((raw: unknown, index) => {
    const label = `entry [${index}]${hasName(raw) ? ` (${JSON.stringify(raw.name)})` : ""}`;
    const parsed = userModelEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
        problems.push(`${label}: ${key}${issue.message}`);
      }
      return;
    }
    const { name, tier, path, uri, lora, endpoint } = parsed.data;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      problems.push(`${label}: the name is already used by entry [${earlier}]`);
      return;
    }
    seen.set(name, index);
    const source: ModelSpec["source"] = endpoint !== undefined
      ? endpointSource(parsed.data, endpoint)
      : path !== undefined
        ? { kind: "file", path: baseDir !== undefined && !isAbsolute(path) ? resolve(baseDir, path) : path }
        : { kind: "uri", uri: uri ?? "" };
    const adapters = loraAdapters(lora, baseDir);
    specs.push(adapters.length > 0 ? { name, tier, source, lora: adapters } : { name, tier, source });
  });
  if (problems.length > 0) {
    throw new ModelSelectionError(`${origin}: invalid model ${problems.length === 1 ? "entry" : "entries"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return specs;
}

/** The adapters as ModelSpec.lora, resolving relative paths like the model's `path`. */
function loraAdapters(lora: LoraAdapter[] | undefined, baseDir: string | undefined): LoraAdapter[] {
  return (lora ?? []).map(({ path: written, scale }) => {
    const path = baseDir !== undefined && !isAbsolute(written) ? resolve(baseDir, written) : written;
    return scale === undefined ? { path } : { path, scale };
  });
}

/** `--model` reads "all" and tier names as keywords, so a model with such a name could never be selected. */
function reservedProblem(name: string): string | undefined {
  const lower = name.toLowerCase();
  return lower === "all" || (TIERS as readonly string[]).includes(lower) ? `name ${JSON.stringify(name)} is reserved (it selects a group of models)` : undefined;
}

function hasName(raw: unknown): raw is { name: string } {
  return typeof raw === "object" && raw !== null && typeof (raw as { name?: unknown }).name === "string";
}
