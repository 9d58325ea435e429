// compare's outputs show untrusted text (model output, dataset values): it must stay inert in the markdown report
// and in the terminal.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRuns } from "../../src/core/compare";
import { formatComparisonMarkdown, md } from "../../src/cli/compareMarkdown";
import { formatComparisonText } from "../../src/cli/compareText";
import { runOf, type RowSpec } from "../helpers/compareRun";

const HOSTILE = ["a | b", "line1\nline2\r\nline3", "`code` ``x``", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "![t](http://evil/p.png) [l](http://evil)", "@octocat **bold** _em_ ~~s~~", "\u001b[2J\u001b[31mred", "back\\slash |", "&lt;already&gt;"];

function runs() {
  const base: RowSpec[] = HOSTILE.map((h, i) => ({ source: `s${i}`, expected: { t: `expected ${h}` }, pred: { t: `expected ${h}` }, valid: true }));
  const changed = base.map((r, i) => ({ ...r, pred: { t: HOSTILE[(i + 1) % HOSTILE.length]! } }));
  return compareRuns(runOf("a", base, "m|<b>"), runOf("b", changed, "m|<b>"), { resamples: 50, sides: { a: { label: "base|`x`" }, b: { label: "<i>new</i>\nline" } } });
}

/** Table cells of a markdown row: split on pipes that are not backslash-escaped. */
function cells(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

test("markdown: hostile cells cannot break the table, inject HTML, links, code, emphasis or mentions", () => {
  const report = formatComparisonMarkdown(runs(), 100);
  const lines = report.split("\n");
  const header = lines.findIndex((l) => l.startsWith("| line | change |"));
  assert.ok(header > 0, report);
  const rows = lines.slice(header + 2).filter((l) => l.startsWith("|"));
  assert.equal(rows.length, HOSTILE.length, "one table line per changed row: no cell broke the line");
  for (const row of rows) assert.equal(cells(row).length, 7, `7 cells: ${row}`);
  assert.doesNotMatch(report, /<[a-z/!]/i, "no HTML tag opens");
  assert.doesNotMatch(report, /(?<!\\)`/, "every backtick is escaped");
  assert.doesNotMatch(report, /(?<!\\)!(?<!\\)\[|(?<!\\)\]\(/, "no image or link syntax");
  assert.doesNotMatch(report, /@octocat/, "no mention");
  assert.doesNotMatch(report, /(?<!\\)\*\*bold/, "no emphasis");
  assert.ok(!report.includes("\u001b"), "no terminal escape");
  assert.match(report, /a \\\| b/, "the pipe is kept, escaped");
  assert.match(report, /line1 ⏎ line2 ⏎ line3/);
  assert.match(report, /&amp;lt;already&amp;gt;/, "an entity is shown as typed, not decoded");
  assert.match(report, /### m\\\|&lt;b&gt;/, "model names are escaped too");
  assert.match(report, /\*\*B\*\* \(current\): &lt;i&gt;new&lt;\/i&gt; ⏎ line/);
});

test("md() escapes each dangerous character and leaves plain text alone", () => {
  assert.equal(md("Zürich 42"), "Zürich 42");
  assert.equal(md("a|b"), "a\\|b");
  assert.equal(md("<b>&"), "&lt;b&gt;&amp;");
  assert.equal(md("`x`"), "\\`x\\`");
  assert.equal(md("x\ny"), "x ⏎ y");
  assert.equal(md("\u0007"), "\\\\u0007");
});

test("terminal: control characters and line breaks of model output are shown, not executed", () => {
  const text = formatComparisonText(runs(), 100);
  assert.ok(!text.includes("\u001b"), "no terminal escape");
  assert.match(text, /\\u001b\[2J/);
  assert.match(text, /"line1⏎line2⏎line3"/);
  for (const line of text.split("\n")) assert.ok(!line.includes("\r"));
});
