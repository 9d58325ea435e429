import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PromptError } from "../../src/core/errors/promptError";
import { checkTemplate, renderPrompt } from "../../src/core/prompt/render";

describe("checkTemplate", () => {
  it("accepts a template with {source}", () => {
    assert.doesNotThrow(() => checkTemplate("Text: {source}", "p.txt"));
  });

  it("rejects a template without {source}, naming the file and showing how to add it", () => {
    assert.throws(
      () => checkTemplate('Return {"name": "..."}', "prompts/a.prompt.txt"),
      (error: unknown) => {
        assert.ok(error instanceof PromptError);
        assert.equal(error.file, "prompts/a.prompt.txt");
        assert.match(error.message, /^prompts\/a\.prompt\.txt has no \{source\} placeholder/);
        assert.match(error.message, /Text:\n\{source\}/);
        return true;
      },
    );
  });

  it("points out near misses such as { source } or {Source}", () => {
    assert.throws(() => checkTemplate("Text: { source }", "p.txt"), /It contains \{ source \}, but the placeholder must be written exactly \{source\}/);
    assert.throws(() => checkTemplate("Text: {Source}", "p.txt"), /It contains \{Source\}/);
  });
});

describe("renderPrompt", () => {
  it("replaces every {source}", () => {
    assert.equal(renderPrompt("A {source} B {source}", "x"), "A x B x");
  });

  it("leaves JSON examples and other braces untouched", () => {
    const template = 'Answer as {"name": "...", "city": "..."}. Not {{x}}, not { source }, not {Source}.\n{source}';
    assert.equal(renderPrompt(template, "T"), 'Answer as {"name": "...", "city": "..."}. Not {{x}}, not { source }, not {Source}.\nT');
  });

  it("does not interpret $-replacement patterns in the source", () => {
    for (const source of ["$&", "$1", "$$", "$`", "$'", "$<name>", "cost: $5 & $&"]) {
      assert.equal(renderPrompt("<{source}>", source), `<${source}>`);
    }
  });

  it("does not re-expand a {source} that comes from the source text", () => {
    assert.equal(renderPrompt("{source}|{source}", "{source}"), "{source}|{source}");
  });

  it("keeps newlines and unicode of the source", () => {
    assert.equal(renderPrompt("T:\n{source}\n", "Zeile 1\r\nZeile 2 äß😀"), "T:\nZeile 1\r\nZeile 2 äß😀\n");
  });
});
