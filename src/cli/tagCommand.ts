import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { HistoryError } from "../core/errors/historyError";
import { defaultHistoryFile } from "../core/history/historyPath";
import { resolveRunId } from "../core/history/resolveRunId";
import { checkTagName } from "../core/history/runTag";
import { SqliteHistory } from "../storage/sqlite/sqliteHistory";
import { UsageError } from "./usageError";

/** `prompt-bench tag RUN NAME | tag --list [--json] | tag --delete NAME`, with [--history FILE]. */
export async function tagCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { history: { type: "string" }, list: { type: "boolean", default: false }, delete: { type: "string" }, json: { type: "boolean", default: false } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const file = values.history ? resolve(values.history) : defaultHistoryFile(process.cwd());
  if (!existsSync(file)) throw new HistoryError(`There is no history database at ${file}. Runs are recorded beside their results (.prompt-bench/history.sqlite); pass that file with --history FILE.`, file);
  const store = new SqliteHistory(file);
  const out = process.stdout;
  if (values.list) {
    if (positionals.length > 0 || values.delete !== undefined) throw new UsageError("tag --list takes no run or name");
    const tags = await store.listTags();
    if (values.json) out.write(JSON.stringify(tags, null, 2) + "\n");
    else out.write(tags.length === 0 ? `no tags in ${file}\n` : tags.map((t) => `${t.name}  ${t.runId}  (tagged ${t.taggedAt})`).join("\n") + "\n");
    return 0;
  }
  if (values.delete !== undefined) {
    if (positionals.length > 0) throw new UsageError("tag --delete NAME takes no run");
    if (!(await store.deleteTag(values.delete))) {
      const names = (await store.listTags()).map((t) => t.name);
      throw new HistoryError(`${file} has no tag "${values.delete}" (${names.length > 0 ? `tags: ${names.join(", ")}` : "no tags"}).`, file);
    }
    out.write(`deleted tag ${values.delete}\n`);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError("tag needs a run and a name: tag RUN NAME (or tag --list, tag --delete NAME)");
  const [run, name] = positionals as [string, string];
  checkTagName(name);
  const { id } = await resolveRunId(store, run, file);
  const { previous } = await store.setTag(name, id);
  out.write(previous === undefined ? `tagged ${id} as ${name}\n` : previous === id ? `${name} already names ${id}\n` : `moved tag ${name} from ${previous} to ${id}\n`);
  return 0;
}
