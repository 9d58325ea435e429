/** Plain JSON schema of one answer, shaped for node-llama-cpp's grammar (createGrammarForJsonSchema). */
export type AnswerJsonSchema = {
  type: "object";
  properties: Record<string, { type: "string" }>;
  required: string[];
  additionalProperties: false;
};

/**
 * The JSON schema equivalent of buildSchema(fields), written by hand: zod's toJSONSchema adds a `$schema` key,
 * and it cannot express buildSchema's number coercion anyway. Constrained decoding only produces strings and no
 * extra keys, which buildSchema accepts as is. Equality with z.toJSONSchema of plain string fields is tested.
 */
export function jsonSchemaFor(fields: readonly string[]): AnswerJsonSchema {
  const names = [...new Set(fields)].sort();
  return {
    type: "object",
    properties: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
    required: names,
    additionalProperties: false,
  };
}
