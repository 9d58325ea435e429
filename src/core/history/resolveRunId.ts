import { HistoryError } from "../errors/historyError";
import type { HistoryStore } from "./historyStore";

/**
 * A run named by the user: `latest`, a tag, or a run id or its unique start. A tag wins over an id prefix (tag
 * names start with a letter, ids with a digit, so the two never meet). Unknown and ambiguous names get a message
 * listing what exists.
 */
export async function resolveRunId(store: HistoryStore, name: string, file: string): Promise<{ id: string; via: "latest" | "tag" | "id" }> {
  if (name === "latest") {
    const [latest] = await store.list({ limit: 1 });
    if (!latest) throw new HistoryError(`${file} has no runs yet, so there is no latest run.`, file);
    return { id: latest.id, via: "latest" };
  }
  const tags = (await store.listTags?.()) ?? [];
  const tag = tags.find((t) => t.name === name);
  if (tag) return { id: tag.runId, via: "tag" };
  const ids = await store.findIds(name);
  if (ids.length === 1 || ids[0] === name) return { id: ids[0]!, via: "id" };
  if (ids.length > 1) {
    throw new HistoryError(`"${name}" is ambiguous: it starts ${ids.length} run ids in ${file} (${shortList(ids)}). Give more of the id.`, file);
  }
  const recent = (await store.list({ limit: 5 })).map((r) => r.id);
  const known = [
    tags.length > 0 ? `tags: ${shortList(tags.map((t) => t.name))}` : "no tags",
    recent.length > 0 ? `newest runs: ${recent.join(", ")}` : "no runs",
  ].join("; ");
  throw new HistoryError(`"${name}" is no run, tag or file: ${file} has ${known}. Name a run by its id (or its start), latest, a tag, or a results CSV's path.`, file);
}

function shortList(names: readonly string[]): string {
  return names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")}, … ${names.length - 5} more`;
}
