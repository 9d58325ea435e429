import type { FieldType } from "./fieldType";
import { parseNumber } from "./parseNumber";

/** A field's value after parsing: null stands for blank (an empty cell, JSON null, an empty array). */
export type TypedValue = string | number | boolean | string[] | null;

const TRUE = new Set(["true", "yes", "ja", "wahr", "1"]);
const FALSE = new Set(["false", "no", "nein", "falsch", "0"]);

/** A boolean from text (case-insensitive true/false, yes/no, ja/nein, wahr/falsch, 1/0), or undefined. */
export function parseBoolean(text: string): boolean | undefined {
  const s = text.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/**
 * A reference cell (CSV text) parsed by the field's type; undefined when the text is not of that type (it then
 * matches nothing). Arrays: a JSON array of strings, or items separated by `;` (else `|`), each trimmed.
 */
export function parseCell(type: FieldType, text: string): TypedValue | undefined {
  const s = text.trim();
  if (s === "" || (type.nullable && s.toLowerCase() === "null")) return null;
  switch (type.kind) {
    case "string":
      return text;
    case "enum":
      return s;
    case "number":
      return parseNumber(s);
    case "integer": {
      const n = parseNumber(s);
      return n !== undefined && Number.isInteger(n) ? n : undefined;
    }
    case "boolean":
      return parseBoolean(s);
    case "array":
      return parseList(s);
  }
}

function parseList(s: string): string[] | undefined {
  if (s.startsWith("[")) {
    try {
      const value: unknown = JSON.parse(s);
      if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.map((v) => String(v).trim());
    } catch {
      // Not JSON: split it like any other list.
    }
  }
  const separator = s.includes(";") ? ";" : "|";
  return s.split(separator).map((item) => item.trim()).filter((item) => item !== "");
}

/** A typed value written to a results cell: numbers via JSON, arrays as JSON, null as the empty cell. */
export function canonicalCell(value: TypedValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * Whether a prediction equals the reference by the field's type. Strings as exact match does (trimmed,
 * case-insensitive); enums exactly; numbers and integers numerically; arrays as sets (order and repeats ignored,
 * items compared exactly); blank (null, empty, empty array) equals only blank.
 */
export function valuesEqual(type: FieldType, prediction: TypedValue | undefined, reference: TypedValue | undefined): boolean {
  if (prediction === undefined || reference === undefined) return false;
  const a = blank(prediction) ? null : prediction;
  const b = blank(reference) ? null : reference;
  if (a === null || b === null) return a === b;
  if (type.kind === "string") return String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const left = new Set(a);
    const right = new Set(b);
    return left.size === right.size && [...left].every((item) => right.has(item));
  }
  return a === b;
}

function blank(value: TypedValue): boolean {
  return value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** Whether a JSON value, as the model wrote it (before any coercion), has the declared type. */
export function hasDeclaredType(type: FieldType, value: unknown): boolean {
  if (value === null) return type.nullable;
  switch (type.kind) {
    case "string":
      return typeof value === "string";
    case "enum":
      return typeof value === "string" && (type.values ?? []).includes(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
  }
}
