// docs/examples/prompt-bench-pr.yml (docs/CI.md): valid YAML, a workflow of the shape the doc describes, and every
// prompt-bench command line in it accepted by the CLI's own flag parsers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { parseRunArgs } from "../../src/cli/args";
import { parseCompareArgs } from "../../src/cli/compareArgs";
import { compareGatesFromFlags, COMPARE_GATE_OPTIONS } from "../../src/cli/gateSettings";
import { parseConfig } from "../../src/core/config/parseConfig";
import { parseDeltaGates } from "../../src/core/gates/deltaGate";
import { parseMinGates } from "../../src/core/gates/minGate";
import { runCli } from "../helpers/cli";

// js-yaml has no types in this repository; only load() is used.
const yaml = createRequire(__filename)("js-yaml") as { load(text: string): unknown };

const EXAMPLES = resolve(__dirname, "../../../docs/examples");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, { "runs-on": string; steps: Step[] }>;
}

/**
 * The prompt-bench command lines of a shell script: continuation lines joined, words split as the shell does for
 * plain quoting, the command's words up to the first operator (||, |, >, ;, &&). Variables stay as written.
 */
function promptBenchCommands(script: string): string[][] {
  const lines = script.replace(/\\\n/g, " ").split("\n");
  const commands: string[][] = [];
  for (const line of lines) {
    const at = line.indexOf("npx prompt-bench ");
    if (at < 0) continue;
    const words = shellWords(line.slice(at + "npx prompt-bench ".length));
    const end = words.findIndex((w) => ["||", "|", ">", ">>", ";", "&&"].includes(w));
    commands.push(end < 0 ? words : words.slice(0, end));
  }
  return commands;
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      assert.ok(close > i, `unclosed ${ch} in: ${text}`);
      word = (word ?? "") + text.slice(i + 1, close);
      i = close;
    } else if ("|>;&".includes(ch) && word === undefined) {
      let op = ch;
      while ("|>&".includes(text[i + 1] ?? "") && text[i + 1] !== undefined) op += text[++i];
      words.push(op);
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

describe("the GitHub Actions example (docs/examples/prompt-bench-pr.yml)", () => {
  const workflow = yaml.load(readFileSync(join(EXAMPLES, "prompt-bench-pr.yml"), "utf8")) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const scripts = steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
  const commands = scripts.flatMap(promptBenchCommands);

  test("is a workflow on pull requests and pushes to main, with the history cached where the commands look", () => {
    assert.ok("pull_request" in workflow.on && "push" in workflow.on);
    assert.equal(workflow.jobs.benchmark!["runs-on"], "ubuntu-latest");
    const history = workflow.env.HISTORY;
    assert.equal(history, ".prompt-bench/history.sqlite");
    const cached = steps.filter((s) => s.uses?.startsWith("actions/cache/")).map((s) => s.with?.path);
    assert.deepEqual(cached, [history, history], "restored, then saved on main");
    assert.deepEqual(commands.map((c) => c[0]), ["run", "tag", "compare", "tag"]);
    for (const c of commands) assert.equal(c[c.indexOf("--history") + 1], "$HISTORY", c.join(" "));
    const compareStep = steps.find((s) => s.run?.includes("prompt-bench compare"))!;
    assert.match(compareStep.if ?? "", /pull_request/);
    assert.match(compareStep.run!, /--markdown > comparison\.md \|\| status=\$\?\n\s*cat comparison\.md >> "\$GITHUB_STEP_SUMMARY"\n\s*exit "\$status"/);
  });

  test("each run and compare line parses with the CLI's parsers; the gates come from the example config", () => {
    const run = parseRunArgs(commands.find((c) => c[0] === "run")!.slice(1));
    assert.equal(run.gpu, false);
    assert.equal(run.model, "qwen2.5-3b");
    assert.equal(run.history, "$HISTORY");
    const { args, values } = parseCompareArgs(commands.find((c) => c[0] === "compare")!.slice(1), COMPARE_GATE_OPTIONS);
    assert.deepEqual([args.a, args.b, args.markdown], ["baseline", "latest", true]);
    const gates = compareGatesFromFlags(values, EXAMPLES);
    assert.ok(gates.gates.length > 0 && gates.significantOnly, "the example config's failOn and significantOnly apply");
    const config = parseConfig(readFileSync(join(EXAMPLES, "prompt-bench.config.json"), "utf8"), "prompt-bench.config.json");
    assert.ok(parseDeltaGates(config.gates!.failOn!).length === 3);
    assert.ok(parseMinGates(config.gates!.min!).length === 1);
  });

  test("each tag line gets past the CLI's flag parsing (it stops at the missing history, not at a usage error)", { timeout: 120_000 }, () => {
    for (const c of commands.filter((c) => c[0] === "tag")) {
      const argv = c.map((w) => (w === "$HISTORY" ? "/nonexistent/history.sqlite" : w));
      const r = runCli(argv);
      assert.equal(r.status, 1, `${argv.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /There is no history database at \/nonexistent\/history\.sqlite/);
    }
  });

  test("the word splitter", () => {
    assert.deepEqual(promptBenchCommands(`a\n  npx prompt-bench run --min "x>=1, y" --a 'b c' \\\n  --d "$E" > out.md || s=$?\n`), [["run", "--min", "x>=1, y", "--a", "b c", "--d", "$E"]]);
    assert.deepEqual(promptBenchCommands("if ! npx prompt-bench tag --list | grep -q x; then"), [["tag", "--list"]]);
  });
});
