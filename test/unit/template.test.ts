import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PromptError } from "../../src/core/errors/promptError";
import { parseTemplate, renderTemplate, templatePrefix } from "../../src/core/prompt/template";

const render = (template: string, row: Record<string, string>): string =>
  renderTemplate(parseTemplate(template, "p.txt", Object.keys(row), "d.csv"), (c) => row[c] ?? "");

describe("parseTemplate / renderTemplate", () => {
  it("puts any column where {column} is, several columns and several times", () => {
    const row = { question: "Wie alt?", context: "Anna ist 7.", source: "s" };
    assert.equal(render("Q: {question}\nC: {context}\nQ again: {question}", row), "Q: Wie alt?\nC: Anna ist 7.\nQ again: Wie alt?");
    assert.deepEqual(parseTemplate("{context} {question} {context}", "p.txt", Object.keys(row)).inputs, ["context", "question"]);
  });

  it("{source} stays the default placeholder", () => {
    assert.equal(render("Text:\n{source}", { source: "x", name: "" }), "Text:\nx");
  });

  it("{{ and }} write literal braces; {{name}} is no placeholder", () => {
    assert.equal(render("Use {{question}} literally: {question}", { question: "Q" }), "Use {question} literally: Q");
    assert.equal(render('Answer {{"a": {{"b": 1}}}} for {source}', { source: "S" }), 'Answer {"a": {"b": 1}} for S');
    assert.equal(render("{{{source}}}", { source: "S" }), "{S}");
  });

  it("leaves JSON examples written with single braces untouched, nested objects included", () => {
    const json = 'Return {"name": "...", "city": "..."} or {"a": {"b": [1, {"c": 2}]}}. Not { source }.\n';
    assert.equal(render(json + "{source}", { source: "T", name: "" }), json + "T");
    assert.equal(render('{"q": "{question}"}', { question: "Q" }), '{"q": "Q"}');
    assert.equal(render('{"x": "{{name}}"} {source}', { source: "S", name: "" }), '{"x": "{name}"} S');
  });

  it("keeps $-replacement patterns and placeholders inside the values literal", () => {
    for (const value of ["$&", "$1", "$$", "$`", "$'", "{source}", "{{x}}"]) assert.equal(render("<{source}|{A}>", { source: value, A: "$&" }), `<${value}|$&>`);
  });

  it("a column name that is no identifier counts only when it is exactly a column", () => {
    assert.equal(render("{first date}: {source}", { "first date": "1.2.", source: "s" }), "1.2.: s");
    assert.equal(render("{not a column} {source}", { source: "s" }), "{not a column} s");
  });

  it("an unknown placeholder is a PromptError naming the file, line, placeholder and the columns", () => {
    assert.throws(
      () => parseTemplate("Intro\nQ: {questoin}\n", "prompts/qa.prompt.txt", ["question", "answer"], "qa.csv"),
      (error: unknown) => {
        assert.ok(error instanceof PromptError);
        assert.equal(error.file, "prompts/qa.prompt.txt");
        assert.equal(error.line, 2);
        assert.match(error.message, /^prompts\/qa\.prompt\.txt, line 2: the placeholder \{questoin\} is not a column of qa\.csv\. Columns: "question", "answer"\./);
        assert.match(error.message, /write \{\{questoin\}\} to keep the braces/);
        return true;
      },
    );
    assert.throws(() => parseTemplate("{Source}", "p.txt", ["source", "name"]), /Did you mean \{source\}\? Column names are case-sensitive/);
  });

  it("a template without any placeholder keeps the old message, near misses included", () => {
    assert.throws(() => parseTemplate('Return {"name": "..."}', "a.prompt.txt", ["source"]), /a\.prompt\.txt has no \{source\} placeholder/);
    assert.throws(() => parseTemplate("Text: { source }", "p.txt"), /It contains \{ source \}/);
    assert.throws(() => parseTemplate("Text: {{source}}", "p.txt"), PromptError);
  });

  it("the prefix is the text before the first placeholder", () => {
    assert.equal(templatePrefix(parseTemplate("A {{x}} {question} B", "p.txt")), "A {x} ");
    assert.equal(templatePrefix(parseTemplate("{question} B", "p.txt")), "");
  });

  it("every {source} prompt of examples/ and test/fixtures (the template/ fixture aside) renders exactly as the old {source} replacement did", () => {
    const files = [join("examples", "extract.prompt.txt"), ...readdirSync(join("test", "fixtures")).filter((d) => d !== "template").flatMap((d) => promptFiles(join("test", "fixtures", d)))];
    assert.ok(files.length >= 3, files.join(", "));
    for (const file of files) {
      const template = readFileSync(file, "utf8");
      const parsed = parseTemplate(template, file, ["source", "patient_name", "first_date", "city", "name"]);
      assert.deepEqual(parsed.inputs, ["source"], file);
      assert.equal(renderTemplate(parsed, () => "ROW"), template.split("{source}").join("ROW"), file);
    }
  });
});

function promptFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(".prompt.txt")).map((f) => join(dir, f));
  } catch {
    return [];
  }
}
