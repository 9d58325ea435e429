import type { FieldType, FieldTypes } from "./fieldType";

type Json = { [key: string]: unknown };

/**
 * The JSON schema for constrained decoding (node-llama-cpp's createGrammarForJsonSchema), typed sibling of
 * jsonSchemaFor. Nullable types are written as `type: [T, "null"]` (the grammar takes type lists), enums as
 * `enum` (with `null` added when nullable), arrays of strings as `items: {type: "string"}` (a nullable array as `oneOf` with null: the grammar's type lists
 * hold only scalar types).
 */
export function typedJsonSchemaFor(types: FieldTypes): Json {
  const names = Object.keys(types).sort();
  return {
    type: "object",
    properties: Object.fromEntries(names.map((name) => [name, propertyFor(types[name]!)])),
    required: names,
    additionalProperties: false,
  };
}

function propertyFor(type: FieldType): Json {
  if (type.kind === "enum") return { enum: type.nullable ? [...(type.values ?? []), null] : [...(type.values ?? [])] };
  if (type.kind === "array") {
    const array = { type: "array", items: { type: "string" } };
    return type.nullable ? { oneOf: [array, { type: "null" }] } : array;
  }
  return { type: type.nullable ? [type.kind, "null"] : type.kind };
}
