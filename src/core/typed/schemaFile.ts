import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { z } from "zod";
import { SchemaFileError } from "../errors/schemaFileError";
import { FIELD_KINDS, SUPPORTED_TYPES, type FieldKind, type FieldType, type FieldTypes } from "./fieldType";

/**
 * The schema file beside a prompt: the prompt's name without its last extension, plus `.schema.json`
 * (`extract.prompt.txt` → `extract.prompt.schema.json`, `extract.txt` → `extract.schema.json`).
 */
export function schemaFileBeside(promptFile: string): string {
  const name = basename(promptFile);
  const ext = extname(name);
  return join(dirname(promptFile), `${ext ? name.slice(0, -ext.length) : name}.schema.json`);
}

/** The explicit schema file, else the one beside the prompt when it exists, else none (string fields). */
export function findSchemaFile(promptFile: string, explicit?: string): string | undefined {
  if (explicit !== undefined && explicit !== "") return explicit;
  if (promptFile === "") return undefined; // re-scoring without a prompt: only an explicit schema
  const beside = schemaFileBeside(promptFile);
  return existsSync(beside) ? beside : undefined;
}

const TYPE_NAMES = ["string", "number", "integer", "boolean", "array", "null"] as const;
const typeName = z.enum(TYPE_NAMES, { error: (i) => `${JSON.stringify(i.input)} is not a supported type` });

// Property keys are strict so a typo ("tpye") is reported instead of silently typing the field as a string.
const propertySchema = z.strictObject(
  {
    type: z.union([typeName, z.array(typeName).min(1)], { error: (i) => `${JSON.stringify(i.input)} is not a supported type` }).optional(),
    enum: z.array(z.union([z.string(), z.null()], { error: "must be a string (or null, for a nullable enum)" }), { error: "must be an array of strings (null allowed for a nullable enum)" }).min(1).optional(),
    items: z.strictObject({ type: z.literal("string", { error: 'must be "string": arrays hold strings' }) }).optional(),
    nullable: z.boolean().optional(),
    description: z.string().optional(),
    title: z.string().optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `unsupported key(s) ${i.keys.map((k) => JSON.stringify(k)).join(", ")}` : "must be an object") },
);

// Top-level keys other than these are ignored, so later additions (a scoring section) can live in the same file.
const fileSchema = z.looseObject({
  type: z.literal("object", { error: 'must be "object"' }).optional(),
  properties: z.record(z.string(), propertySchema, { error: "must be an object with one entry per field" }),
  required: z.array(z.string()).optional(),
  additionalProperties: z.boolean().optional(),
});

/** Reads and checks a schema file; every problem is a SchemaFileError naming the file and the JSON path. */
export function readSchemaFile(file: string): FieldTypes {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SchemaFileError(`Cannot read the schema file ${file}: ${(error as Error).message}`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchemaFileError(`The schema file ${file} is not valid JSON: ${(error as Error).message}`, file);
  }
  return parseSchema(json, file);
}

export function parseSchema(json: unknown, file: string): FieldTypes {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(file, issue.path.map((p) => (typeof p === "number" ? p : String(p))), issue.message);
  }
  const out: Record<string, FieldType> = {};
  for (const [name, property] of Object.entries(parsed.data.properties)) out[name] = fieldType(file, name, property);
  if (Object.keys(out).length === 0) fail(file, ["properties"], "declares no field");
  return out;
}

type Property = z.infer<typeof propertySchema>;

function fieldType(file: string, name: string, property: Property): FieldType {
  const at = ["properties", name];
  const types = property.type === undefined ? [] : Array.isArray(property.type) ? property.type : [property.type];
  const nonNull = [...new Set(types.filter((t) => t !== "null"))];
  let nullable = types.includes("null") || property.nullable === true;
  if (nonNull.length > 1) fail(file, [...at, "type"], `declares several types (${nonNull.join(", ")}); only one type plus "null" is supported`);
  if (property.enum !== undefined) {
    if (nonNull.length > 0 && nonNull[0] !== "string") fail(file, [...at, "enum"], `an enum must be of strings, not ${nonNull[0]}`);
    if (property.enum.includes(null)) nullable = true;
    const values = [...new Set(property.enum.filter((v): v is string => v !== null))];
    if (values.length === 0) fail(file, [...at, "enum"], "lists no string value");
    return { kind: "enum", nullable, values };
  }
  if (nonNull.length === 0) fail(file, [...at, "type"], property.type === undefined ? "is missing" : 'is only "null"; declare a type beside it');
  const kind = nonNull[0] as FieldKind;
  if (!FIELD_KINDS.includes(kind)) fail(file, [...at, "type"], `${kind} is not supported`);
  if (kind !== "array" && property.items !== undefined) fail(file, [...at, "items"], 'is only allowed for type "array"');
  return { kind, nullable };
}

function fail(file: string, path: readonly (string | number)[], problem: string): never {
  const segment = (p: string | number, i: number): string =>
    typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i ? "." : "") + p : `[${JSON.stringify(p)}]`;
  const where = path.length ? path.map(segment).join("") : "(top level)";
  throw new SchemaFileError(`${file}: ${where} ${problem}. Supported field types: ${SUPPORTED_TYPES}.`, file);
}
