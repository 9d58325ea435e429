import type { Database } from "node-sqlite3-wasm";

/**
 * The history's schema, as numbered migrations. A database records in `schema_migrations` which ones it has; a
 * newer Prompt Bench applies the missing ones at open, an older one refuses a database newer than it knows.
 * JSON columns hold what grows between versions (metrics columns, meta.json fields), so most changes need none.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "runs, models, metrics, references, rows, file hashes",
    sql: `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('completed', 'cancelled', 'failed')),
  error TEXT,
  prompt_file TEXT,
  prompt_text TEXT NOT NULL,
  prompt_sha256 TEXT NOT NULL,
  dataset_file TEXT NOT NULL,
  dataset_sha256 TEXT NOT NULL,
  dataset_rows INTEGER NOT NULL,
  results_file TEXT NOT NULL,
  metrics_file TEXT,
  fields TEXT NOT NULL,
  params TEXT NOT NULL,
  versions TEXT NOT NULL,
  headline TEXT NOT NULL,
  prediction_count INTEGER NOT NULL
);
CREATE INDEX runs_prompt ON runs (prompt_sha256);
CREATE INDEX runs_dataset ON runs (dataset_sha256);
CREATE TABLE run_models (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  file TEXT,
  file_sha256 TEXT,
  uri TEXT,
  endpoint TEXT,
  endpoint_model TEXT,
  lora TEXT,
  info TEXT NOT NULL,
  PRIMARY KEY (run_id, name)
);
CREATE TABLE run_metrics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  field TEXT NOT NULL,
  position INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  PRIMARY KEY (run_id, model, field)
);
CREATE TABLE run_references (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  line INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  expected TEXT NOT NULL,
  PRIMARY KEY (run_id, row)
);
CREATE TABLE run_rows (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  row INTEGER NOT NULL,
  predictions TEXT NOT NULL,
  raw TEXT NOT NULL,
  valid INTEGER,
  error TEXT,
  tokens_in REAL,
  tokens_out REAL,
  seconds REAL,
  ttft_s REAL,
  tokens_reasoning REAL,
  retries REAL,
  PRIMARY KEY (run_id, model, row)
);
CREATE TABLE file_hashes (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  sha256 TEXT NOT NULL
);`,
  },
  {
    version: 2,
    name: "run tags (prompt-bench tag RUN NAME)",
    sql: `
CREATE TABLE run_tags (
  name TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tagged_at TEXT NOT NULL
);
CREATE INDEX run_tags_run ON run_tags (run_id);`,
  },
  {
    version: 3,
    name: "runs.rerun_of: the run a rerun repeats",
    sql: `
ALTER TABLE runs ADD COLUMN rerun_of TEXT;
CREATE INDEX runs_rerun_of ON runs (rerun_of);`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies the migrations this database lacks, in order, each in its own transaction. Returns the database's version. */
export function migrate(db: Database, file: string, fail: (message: string) => Error): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const applied = new Set((db.all("SELECT version FROM schema_migrations") as { version: number }[]).map((r) => Number(r.version)));
  const current = Math.max(0, ...applied);
  if (current > SCHEMA_VERSION) {
    throw fail(`${file} has history schema version ${current}; this Prompt Bench knows up to ${SCHEMA_VERSION}. Update Prompt Bench, or record into another file (--history FILE).`);
  }
  for (const m of MIGRATIONS) {
    // By set, not by the highest: a database may have a later version without an earlier one that was developed
    // in parallel (tags, version 2, and rerun links, version 3).
    if (applied.has(m.version)) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [m.version, m.name, new Date().toISOString()]);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
  return SCHEMA_VERSION;
}
