import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { jsonErrorOffset, lineAndColumn } from "../../src/core/config/jsonErrorOffset";
import { loadConfig } from "../../src/core/config/loadConfig";
import { ConfigError } from "../../src/core/errors/configError";
import { compareGates, minGates } from "../../src/cli/gateSettings";
import { UsageError } from "../../src/cli/usageError";

function folder(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pb-config-"));
  if (config !== undefined) writeFileSync(join(dir, "prompt-bench.config.json"), config);
  return dir;
}

function configError(fn: () => unknown, pattern: RegExp, line?: number): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, pattern);
    if (line !== undefined) assert.equal(error.line, line);
    return true;
  });
}

describe("prompt-bench.config.json", () => {
  test("read from the current folder; --config FILE instead; none is an empty config", () => {
    const dir = folder(JSON.stringify({ gates: { failOn: "chrf++<-1", significantOnly: true, min: "exact_match>=80" } }));
    const { config, file } = loadConfig(undefined, dir);
    assert.equal(file, join(dir, "prompt-bench.config.json"));
    assert.deepEqual(config.gates, { failOn: "chrf++<-1", significantOnly: true, min: "exact_match>=80" });
    writeFileSync(join(dir, "ci.json"), '{ "gates": { "min": "validity>=95" } }');
    assert.deepEqual(loadConfig("ci.json", dir).config.gates, { min: "validity>=95" });
    assert.deepEqual(loadConfig(undefined, folder()), { config: {} });
    configError(() => loadConfig("missing.json", dir), /Cannot read config file .*missing\.json: no such file/);
  });

  test("flags override the file; the file fills in what flags leave out", () => {
    const dir = folder('{ "gates": { "failOn": "chrf++<-1,validity<-2%", "significantOnly": true, "min": "exact_match>=80" } }');
    const fromFile = compareGates({}, dir);
    assert.deepEqual(fromFile.gates.map((g) => g.text), ["chrf++<-1", "validity<-2%"]);
    assert.equal(fromFile.significantOnly, true);
    const flag = compareGates({ failOn: "bleu<-3" }, dir);
    assert.deepEqual(flag.gates.map((g) => g.text), ["bleu<-3"]);
    assert.equal(flag.significantOnly, true, "the file's significantOnly stays when only --fail-on is given");
    assert.equal(compareGates({ significantOnly: true }, folder()).significantOnly, true);
    assert.equal(compareGates({}, folder()).significantOnly, false);
    assert.deepEqual(minGates({}, dir).map((g) => g.text), ["exact_match>=80"]);
    assert.deepEqual(minGates({ min: "chrf++>=50" }, dir).map((g) => g.text), ["chrf++>=50"]);
    writeFileSync(join(dir, "other.json"), '{ "gates": { "min": "validity>=99" } }');
    assert.deepEqual(minGates({ config: "other.json" }, dir).map((g) => g.text), ["validity>=99"]);
    assert.deepEqual(compareGates({ config: "other.json" }, dir).gates, [], "--config replaces the folder's file");
  });

  test("bad gate text in a flag is a usage error naming the flag; in the file, an error naming the file and key", () => {
    assert.throws(() => compareGates({ failOn: "chrf<>1" }, folder()), (e: unknown) => e instanceof UsageError && /^--fail-on: "chrf<>1": ".*" is not a number/.test(e.message));
    assert.throws(() => minGates({ min: "em>=1" }, folder()), (e: unknown) => e instanceof UsageError && /^--min: "em>=1": unknown name "em"; valid names for --min: /.test(e.message));
    const dir = folder('{ "gates": { "failOn": "chrf++<-1,latency<+5" } }');
    configError(() => compareGates({}, dir), /prompt-bench\.config\.json: gates\.failOn: "latency<\+5": unknown name "latency"; valid names: bleu/);
    // The file is checked whole even when a flag overrides its gates: a broken file is never silently used.
    configError(() => compareGates({ failOn: "bleu<1" }, dir), /gates\.failOn/);
  });

  test("unknown keys are named, with the valid ones", () => {
    configError(() => loadConfig(undefined, folder('{ "gates": { "failon": "bleu<1" } }')), /prompt-bench\.config\.json: unknown key "gates\.failon" \(in "gates" valid: failOn, significantOnly, min\)/);
    configError(() => loadConfig(undefined, folder('{ "gate": {} }')), /unknown key "gate" \(valid: \$schema, gates\)/);
  });

  test("wrong types are named by key", () => {
    configError(() => loadConfig(undefined, folder('{ "gates": { "significantOnly": "yes" } }')), /prompt-bench\.config\.json: gates\.significantOnly: .*boolean/);
    configError(() => loadConfig(undefined, folder('{ "gates": { "min": ["exact_match>=80"] } }')), /gates\.min: .*string/);
    configError(() => loadConfig(undefined, folder('{ "gates": 3 }')), /gates: .*object/);
    configError(() => loadConfig(undefined, folder("[]")), /the file: .*object/);
  });

  test("a JSON syntax error names the line and column", () => {
    const text = '{\n  "gates": {\n    "failOn": "chrf++<-1",\n  }\n}\n';
    configError(() => loadConfig(undefined, folder(text)), /prompt-bench\.config\.json: not valid JSON at line 4, column 3 /, 4);
    configError(() => loadConfig(undefined, folder('{ "gates": { "min": "x>=1" }')), /not valid JSON at line 1, column 29/, 1);
    const dir = folder();
    mkdirSync(join(dir, "prompt-bench.config.json"));
    configError(() => loadConfig(undefined, dir), /it is a folder/);
  });

  test("jsonErrorOffset agrees with JSON.parse on what is valid", () => {
    const valid = ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', "  []  ", '"s"', "0", '{"a":{"b":{}}}'];
    for (const text of valid) assert.equal(jsonErrorOffset(text), undefined, text);
    const invalid: [string, number][] = [
      ["", 0],
      ["{", 1],
      ['{"a" 1}', 5],
      ["[1,]", 3],
      ["[01]", 2],
      ['{"a": tru}', 9],
      ['"\\x"', 2],
      ["[1] x", 4],
      ['{"a": "b\nc"}', 8],
    ];
    for (const [text, offset] of invalid) {
      assert.throws(() => JSON.parse(text), SyntaxError, text);
      assert.equal(jsonErrorOffset(text), offset, JSON.stringify(text));
    }
    assert.deepEqual(lineAndColumn("ab\ncd", 4), { line: 2, column: 2 });
  });
});
