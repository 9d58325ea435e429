import type { ModelSource } from "./modelSpec";

/** A model's source as one line for people and for meta.json: the file path, the `hf:` URI, or "model @ endpoint". */
export function sourceText(source: ModelSource): string {
  if (source.kind === "file") return source.path;
  if (source.kind === "uri") return source.uri;
  return `${source.model} @ ${source.endpoint}`;
}
