import { z } from "zod";
import { describeType, type FieldType, type FieldTypes } from "./fieldType";
import { parseNumber } from "./parseNumber";
import { parseBoolean, type TypedValue } from "./typedValue";

/** Zod schema of one model answer with typed fields (buildSchema's typed sibling). */
export type TypedOutputSchema = z.ZodObject<Record<string, z.ZodType<TypedValue, unknown>>>;

/**
 * One required field per declared field, keys sorted, unknown keys dropped (as buildSchema). Lenient like
 * buildSchema, so compliance measures whether the answer can be used; type correctness (hasDeclaredType) measures
 * whether it was written with the declared JSON type:
 * - number/integer: a JSON number, or a string parseNumber reads (`"1,5"`); integers must be whole;
 * - boolean: true/false, or a string parseBoolean reads (`"yes"`);
 * - enum: one of the values exactly; array: strings (numbers are written as strings);
 * - string: a string, numbers and booleans written as strings (buildSchema's rule);
 * - nullable: null, or an empty string, is null.
 */
export function buildTypedSchema(types: FieldTypes): TypedOutputSchema {
  const names = Object.keys(types).sort();
  return z.object(Object.fromEntries(names.map((name) => [name, typedField(name, types[name]!)])));
}

function typedField(name: string, type: FieldType): z.ZodType<TypedValue, unknown> {
  return z.unknown().transform((input, ctx): TypedValue => {
    if (input === undefined) return reject(ctx, `missing field '${name}'`);
    if (input === null || (input === "" && type.nullable && type.kind !== "string")) {
      if (type.nullable) return null;
      return reject(ctx, `field '${name}' is null, expected ${describeType(type)}`);
    }
    const value = coerce(type, input);
    if (value === undefined) return reject(ctx, `field '${name}' is ${describe(input)}, expected ${describeType(type)}`);
    return value;
  });
}

function coerce(type: FieldType, input: unknown): TypedValue | undefined {
  switch (type.kind) {
    case "string":
      return typeof input === "string" ? input : typeof input === "number" || typeof input === "boolean" ? String(input) : undefined;
    case "enum":
      return typeof input === "string" && (type.values ?? []).includes(input) ? input : undefined;
    case "number":
      return typeof input === "number" ? (Number.isFinite(input) ? input : undefined) : typeof input === "string" ? parseNumber(input) : undefined;
    case "integer": {
      const n = coerce({ kind: "number", nullable: false }, input);
      return typeof n === "number" && Number.isInteger(n) ? n : undefined;
    }
    case "boolean":
      return typeof input === "boolean" ? input : typeof input === "string" ? parseBoolean(input) : undefined;
    case "array":
      if (!Array.isArray(input) || !input.every((v) => typeof v === "string" || typeof v === "number")) return undefined;
      return input.map(String);
  }
}

function reject(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER as never;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === "object" ? "an object" : `a ${typeof value} (${String(value)})`;
}
