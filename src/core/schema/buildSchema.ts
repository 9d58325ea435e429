import { z } from "zod";

/** Zod schema of one model answer: a string per target field. */
export type OutputSchema = z.ZodObject<Record<string, z.ZodType<string, unknown>>>;

/**
 * One required string field per target field, keys sorted. Decisions (the seed used Pydantic `str` fields):
 * - unknown keys are allowed and dropped from the result (Pydantic ignores extras by default);
 * - numbers and booleans are coerced to strings ("42", "true"), because a model answering `"age": 42` did
 *   extract the value; null, objects and arrays are invalid.
 * Error messages are complete sentences naming the field, e.g. `missing field 'city'`.
 */
export function buildSchema(fields: readonly string[]): OutputSchema {
  const names = [...new Set(fields)].sort();
  return z.object(Object.fromEntries(names.map((name) => [name, fieldSchema(name)])));
}

function fieldSchema(name: string): z.ZodType<string, unknown> {
  return z.preprocess(
    (value) => (typeof value === "number" || typeof value === "boolean" ? String(value) : value),
    z.string({
      error: (issue) =>
        issue.input === undefined ? `missing field '${name}'` : `field '${name}' is ${describe(issue.input)}, expected string`,
    }),
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
