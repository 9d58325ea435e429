/** The value kinds a typed-fields schema may declare (see docs/typed-fields.md). */
export const FIELD_KINDS = ["string", "number", "integer", "boolean", "enum", "array"] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** One field's declared type. `array` is an array of strings; `values` are an enum's allowed strings. */
export interface FieldType {
  kind: FieldKind;
  nullable: boolean;
  values?: string[];
}

/** Field name → type. Without a schema file every field is a non-nullable string (the seed's behaviour). */
export type FieldTypes = Readonly<Record<string, FieldType>>;

export const SUPPORTED_TYPES =
  'string, number, integer, boolean, enum (of strings), array of strings (items: {"type": "string"}), ' +
  'and nullable ones (type: [T, "null"] or "nullable": true)';

export function describeType(type: FieldType): string {
  const base = type.kind === "enum" ? `enum (${(type.values ?? []).map((v) => JSON.stringify(v)).join(", ")})` : type.kind === "array" ? "array of strings" : type.kind;
  return type.nullable ? `${base} or null` : base;
}
