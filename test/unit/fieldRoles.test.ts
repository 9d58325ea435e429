import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CsvError } from "../../src/core/errors/csvError";
import { fieldRoles, parseTargetList, targetsOf } from "../../src/core/fieldRoles";
import { targetsFlag } from "../../src/cli/args";
import { UsageError } from "../../src/cli/usageError";
import { runFields } from "../../src/core/runner/runFields";

const COLUMNS = ["id", "question", "context", "answer", "pred_m_answer"];

describe("fieldRoles", () => {
  it("columns the template reads are inputs, not targets (auto-detection minus inputs)", () => {
    assert.deepEqual(fieldRoles("d.csv", COLUMNS, ["question", "context"]), { inputs: ["question", "context"], targets: ["answer", "id"] });
  });

  it("--targets overrides the auto-detection", () => {
    assert.deepEqual(fieldRoles("d.csv", COLUMNS, ["question"], ["answer"]).targets, ["answer"]);
  });

  it("--targets that is no column, an input or a results column is a CsvError naming the CSV", () => {
    assert.throws(() => fieldRoles("d.csv", COLUMNS, ["question"], ["answr"]), (e: unknown) => e instanceof CsvError && /"answr", which is not a column of d\.csv\. Columns: "id", "question"/.test(e.message));
    assert.throws(() => fieldRoles("d.csv", COLUMNS, ["question"], ["question"]), /the prompt reads \{question\}, so it is an input, not a target \(d\.csv\)/);
    assert.throws(() => fieldRoles("d.csv", COLUMNS, ["question"], ["pred_m_answer"]), /pred_\* and raw_\* are results columns/);
  });

  it("a results CSV read back gets the recorded targets, else auto-detection minus recorded inputs", () => {
    assert.deepEqual(targetsOf(COLUMNS, { inputs: ["question", "context"], targets: ["answer"] }), ["answer"]);
    assert.deepEqual(targetsOf(COLUMNS, { inputs: ["question", "context"], targets: ["gone"] }), ["answer", "id"]);
    assert.deepEqual(targetsOf(COLUMNS, undefined), ["answer", "context", "id", "question"]);
  });

  it("--targets a,b parses names and refuses an empty list", () => {
    assert.deepEqual(parseTargetList(" a, b ,,c"), ["a", "b", "c"]);
    assert.throws(() => targetsFlag(" , "), (e: unknown) => e instanceof UsageError && /--targets needs column names/.test(e.message));
  });
});

describe("runFields", () => {
  const table = (columns: string[]) => ({ file: "qa.csv", columns, delimiter: "," as const, encoding: "utf-8" as const });
  const options = { promptFile: "p.txt", csvFile: "qa.csv", outputFile: "/nonexistent/qa.results.csv", metricsFile: "m.csv", models: [], maxNewTokens: 1, constrained: false };

  it("a {source} template over a CSV without source keeps the CSV's message", () => {
    assert.throws(() => runFields(options, "T: {source}", table(["question", "answer"])), (e: unknown) => e instanceof CsvError && /qa\.csv has no "source" column/.test(e.message));
  });

  it("a {question} template needs no source column; its inputs are not targets", () => {
    const { roles, template } = runFields(options, "{question} {{context}}", table(["question", "context", "answer"]));
    assert.deepEqual(roles, { inputs: ["question"], targets: ["answer", "context"] });
    assert.equal(template?.parts.length, 2);
  });
});
