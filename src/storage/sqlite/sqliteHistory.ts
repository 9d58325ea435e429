import { statSync } from "node:fs";
import type { Database, SQLiteValue } from "node-sqlite3-wasm";
import { sha256File } from "../../core/history/fileHash";
import { headlines } from "../../core/history/headline";
import type { HistoryStore } from "../../core/history/historyStore";
import type { ModelRecord, PredictionRow, RunRecord } from "../../core/history/runRecord";
import type { ModelHeadline, RunListing } from "../../core/history/runSummaryLine";
import type { RunTag } from "../../core/history/runTag";
import type { MetricsRow } from "../../core/runner/options";
import { HistoryError } from "../../core/errors/historyError";
import { withHistoryLock } from "./historyLock";
import { openHistoryDatabase } from "./openDatabase";

type Row = Record<string, SQLiteValue>;

/** The run history in a SQLite file (see HistoryStore). Each call opens the file under the history lock and closes it. */
export class SqliteHistory implements HistoryStore {
  /** Hashes computed since the last record(), stored with it. */
  private readonly newHashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  constructor(readonly file: string) {}

  private use<T>(work: (db: Database) => T): Promise<T> {
    return withHistoryLock(this.file, () => {
      const db = openHistoryDatabase(this.file);
      try {
        return work(db);
      } finally {
        db.close();
      }
    });
  }

  async record(run: RunRecord): Promise<void> {
    const headline = headlines(run.models.map((m) => m.name), run.metrics, run.rows);
    await this.use((db) => {
      db.exec("BEGIN IMMEDIATE");
      try {
        insertRun(db, run, headline);
        const hash = db.prepare("INSERT OR REPLACE INTO file_hashes (path, size, mtime_ms, sha256) VALUES (?, ?, ?, ?)");
        for (const [path, h] of this.newHashes) hash.run([path, h.size, h.mtimeMs, h.sha256]);
        hash.finalize();
        db.exec("COMMIT");
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    });
    this.newHashes.clear();
  }

  list(options: { limit?: number } = {}): Promise<RunListing[]> {
    return this.use((db) => {
      const limit = options.limit ?? -1;
      return (db.all("SELECT * FROM runs ORDER BY id DESC LIMIT ?", [limit]) as Row[]).map(listing);
    });
  }

  findIds(prefix: string): Promise<string[]> {
    return this.use((db) => {
      const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
      return (db.all("SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id DESC", [like]) as Row[]).map((r) => String(r.id));
    });
  }

  get(id: string): Promise<RunRecord | undefined> {
    return this.use((db) => readRun(db, id));
  }

  setTag(name: string, runId: string): Promise<{ previous?: string }> {
    return this.use((db) => {
      db.exec("BEGIN IMMEDIATE");
      try {
        const before = db.get("SELECT run_id FROM run_tags WHERE name = ?", [name]) as Row | null;
        // Checked inside the transaction: the run cannot vanish between the check and the write.
        if (!db.get("SELECT 1 AS x FROM runs WHERE id = ?", [runId])) throw new HistoryError(`${this.file} has no run ${runId} to tag.`, this.file);
        db.run("INSERT OR REPLACE INTO run_tags (name, run_id, tagged_at) VALUES (?, ?, ?)", [name, runId, new Date().toISOString()]);
        db.exec("COMMIT");
        return before ? { previous: String(before.run_id) } : {};
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  deleteTag(name: string): Promise<boolean> {
    return this.use((db) => db.run("DELETE FROM run_tags WHERE name = ?", [name]).changes > 0);
  }

  listTags(): Promise<RunTag[]> {
    return this.use((db) =>
      (db.all("SELECT name, run_id, tagged_at FROM run_tags ORDER BY name", []) as Row[]).map((r) => ({ name: String(r.name), runId: String(r.run_id), taggedAt: String(r.tagged_at) })),
    );
  }

  /** SHA-256 of a file, from the history's cache while its size and mtime are unchanged (model files are large). */
  async fileHash(path: string): Promise<string> {
    const { size, mtimeMs } = statSync(path);
    const cached = await this.use((db) => db.get("SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ms = ?", [path, size, mtimeMs]) as Row | null);
    if (cached) return String(cached.sha256);
    const sha256 = await sha256File(path);
    this.newHashes.set(path, { size, mtimeMs, sha256 });
    return sha256;
  }
}

const json = (value: unknown): string => JSON.stringify(value ?? null);
const orNull = (value: SQLiteValue | boolean | undefined): SQLiteValue | boolean => (value === undefined ? null : value);

function insertRun(db: Database, run: RunRecord, headline: ModelHeadline[]): void {
  db.run(
    `INSERT INTO runs (id, started_at, ended_at, status, error, prompt_file, prompt_text, prompt_sha256, dataset_file, dataset_sha256,
       dataset_rows, results_file, metrics_file, fields, params, versions, headline, prediction_count, rerun_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      run.id, run.startedAt, run.endedAt, run.status, orNull(run.error), orNull(run.prompt.file), run.prompt.text, run.prompt.sha256,
      run.dataset.file, run.dataset.sha256, run.dataset.rows, run.resultsFile, orNull(run.metricsFile), json(run.fields), json(run.params),
      json(run.versions), json(headline), run.rows.length, orNull(run.rerunOf),
    ] as SQLiteValue[],
  );
  const model = db.prepare(
    "INSERT INTO run_models (run_id, position, name, kind, file, file_sha256, uri, endpoint, endpoint_model, lora, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  run.models.forEach((m, i) =>
    model.run([run.id, i, m.name, m.kind, orNull(m.file), orNull(m.fileSha256), orNull(m.uri), orNull(m.endpoint), orNull(m.endpointModel), m.lora ? json(m.lora) : null, json(m.info)] as SQLiteValue[]),
  );
  model.finalize();
  const metric = db.prepare("INSERT INTO run_metrics (run_id, model, field, position, metrics) VALUES (?, ?, ?, ?, ?)");
  run.metrics.forEach((m, i) => metric.run([run.id, m.model, m.field, i, json(m)]));
  metric.finalize();
  const ref = db.prepare("INSERT INTO run_references (run_id, row, line, sha256, expected) VALUES (?, ?, ?, ?, ?)");
  for (const r of run.references) ref.run([run.id, r.row, r.line, r.sha256, json(r.expected)]);
  ref.finalize();
  const row = db.prepare(
    `INSERT INTO run_rows (run_id, model, row, predictions, raw, valid, error, tokens_in, tokens_out, seconds, ttft_s, tokens_reasoning, retries)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of run.rows) {
    row.run([
      run.id, r.model, r.row, json(r.predictions), r.raw, orNull(r.valid), orNull(r.error), orNull(r.tokensIn), orNull(r.tokensOut),
      orNull(r.seconds), orNull(r.ttftS), orNull(r.tokensReasoning), orNull(r.retries),
    ] as SQLiteValue[]);
  }
  row.finalize();
}

function listing(r: Row): RunListing {
  const text = String(r.prompt_text);
  return {
    id: String(r.id),
    startedAt: String(r.started_at),
    endedAt: String(r.ended_at),
    status: String(r.status) as RunListing["status"],
    ...(r.rerun_of !== null && r.rerun_of !== undefined && { rerunOf: String(r.rerun_of) }),
    promptFile: r.prompt_file === null ? undefined : String(r.prompt_file),
    promptFirstLine: text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "",
    promptSha256: String(r.prompt_sha256),
    datasetFile: String(r.dataset_file),
    datasetSha256: String(r.dataset_sha256),
    rows: Number(r.dataset_rows),
    resultsFile: String(r.results_file),
    models: JSON.parse(String(r.headline)) as ModelHeadline[],
  };
}

function readRun(db: Database, id: string): RunRecord | undefined {
  const r = db.get("SELECT * FROM runs WHERE id = ?", [id]) as Row | null;
  if (!r) return undefined;
  const models = (db.all("SELECT * FROM run_models WHERE run_id = ? ORDER BY position", [id]) as Row[]).map((m): ModelRecord => {
    const out: ModelRecord = { name: String(m.name), kind: String(m.kind) as ModelRecord["kind"], info: JSON.parse(String(m.info)) as Record<string, unknown> };
    if (m.file !== null) out.file = String(m.file);
    if (m.file_sha256 !== null) out.fileSha256 = String(m.file_sha256);
    if (m.uri !== null) out.uri = String(m.uri);
    if (m.endpoint !== null) out.endpoint = String(m.endpoint);
    if (m.endpoint_model !== null) out.endpointModel = String(m.endpoint_model);
    if (m.lora !== null) out.lora = JSON.parse(String(m.lora)) as ModelRecord["lora"];
    return out;
  });
  const metrics = (db.all("SELECT metrics FROM run_metrics WHERE run_id = ? ORDER BY position", [id]) as Row[]).map((m) => JSON.parse(String(m.metrics)) as MetricsRow);
  const references = (db.all("SELECT * FROM run_references WHERE run_id = ? ORDER BY row", [id]) as Row[]).map((x) => ({
    row: Number(x.row),
    line: Number(x.line),
    sha256: String(x.sha256),
    expected: JSON.parse(String(x.expected)) as Record<string, string>,
  }));
  const order = new Map(models.map((m, i) => [m.name, i]));
  const rows = (db.all("SELECT * FROM run_rows WHERE run_id = ?", [id]) as Row[]).map(predictionRow);
  rows.sort((a, b) => (order.get(a.model) ?? 0) - (order.get(b.model) ?? 0) || a.row - b.row);
  const opt = (v: SQLiteValue) => (v === null ? undefined : String(v));
  return {
    id: String(r.id),
    startedAt: String(r.started_at),
    endedAt: String(r.ended_at),
    status: String(r.status) as RunRecord["status"],
    ...(r.error !== null && { error: String(r.error) }),
    ...(r.rerun_of !== null && r.rerun_of !== undefined && { rerunOf: String(r.rerun_of) }),
    prompt: { file: opt(r.prompt_file), text: String(r.prompt_text), sha256: String(r.prompt_sha256) },
    dataset: { file: String(r.dataset_file), sha256: String(r.dataset_sha256), rows: Number(r.dataset_rows) },
    resultsFile: String(r.results_file),
    metricsFile: opt(r.metrics_file),
    fields: JSON.parse(String(r.fields)) as string[],
    params: JSON.parse(String(r.params)) as RunRecord["params"],
    versions: JSON.parse(String(r.versions)) as RunRecord["versions"],
    models,
    metrics,
    references,
    rows,
  };
}

function predictionRow(x: Row): PredictionRow {
  const num = (v: SQLiteValue): number | undefined => (v === null ? undefined : Number(v));
  const out: PredictionRow = {
    model: String(x.model),
    row: Number(x.row),
    predictions: JSON.parse(String(x.predictions)) as Record<string, string>,
    raw: String(x.raw),
    tokensIn: num(x.tokens_in),
    tokensOut: num(x.tokens_out),
    seconds: num(x.seconds),
    ttftS: num(x.ttft_s),
    tokensReasoning: num(x.tokens_reasoning),
    retries: num(x.retries),
  };
  if (x.valid !== null) out.valid = x.valid === 1;
  if (x.error !== null) out.error = String(x.error);
  return out;
}
