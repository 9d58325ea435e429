import type { ModelRecord } from "../history/runRecord";

/**
 * How to select a recorded run's models again (`--model` tokens): the name where the catalog still knows it (a seed
 * or a user entry), else the GGUF path the run loaded. Undefined entries are models that cannot be named again.
 */
export function modelTokens(models: readonly ModelRecord[], knownNames: ReadonlySet<string>): { tokens: string[]; missing: string[] } {
  const tokens: string[] = [];
  const missing: string[] = [];
  for (const m of models) {
    if (knownNames.has(m.name)) tokens.push(m.name);
    else if (m.kind === "file" && m.file) tokens.push(m.file);
    else missing.push(m.name);
  }
  return { tokens, missing };
}
