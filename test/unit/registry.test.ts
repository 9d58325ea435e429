import assert from "node:assert/strict";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { ModelSelectionError } from "../../src/core/errors/modelSelectionError";
import { modelNameProblem, sanitizeModelName } from "../../src/core/registry/modelName";
import { TIERS, type ModelSpec } from "../../src/core/registry/modelSpec";
import { SEED_MODELS } from "../../src/core/registry/seedModels";
import { selectModels } from "../../src/core/registry/select";
import { parseUserEntries, userModelEntrySchema } from "../../src/core/registry/userEntries";

const CWD = "/work/project";
const names = (models: ModelSpec[]) => models.map((m) => m.name);
const select = (spec: string, user: ModelSpec[] = []) => selectModels(spec, user, CWD);

function throwsSelection(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ModelSelectionError, `expected ModelSelectionError, got ${String(error)}`);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}

describe("seed models", () => {
  it("are the seed CLI's twelve models with their tiers", () => {
    assert.deepEqual(
      SEED_MODELS.map((m) => `${m.tier}:${m.name}`),
      [
        "3b:llama3.2-3b", "3b:qwen2.5-3b", "3b:phi3.5-mini",
        "7b:mistral-7b", "7b:llama3.1-8b", "7b:qwen2.5-7b",
        "30b:qwen2.5-32b", "30b:mistral-small",
        "70b:llama3.1-70b", "70b:qwen2.5-72b",
        "thinking:qwq-32b", "thinking:deepseek-r1",
      ],
    );
  });

  it("each point to a Q4_K_M GGUF file by hf: URI and have valid names", () => {
    for (const model of SEED_MODELS) {
      assert.equal(model.source.kind, "uri");
      const uri = model.source.kind === "uri" ? model.source.uri : "";
      assert.match(uri, /^hf:[\w.-]+\/[\w.-]+-GGUF\/[\w.-]+-Q4_K_M\.gguf$/, model.name);
      assert.equal(modelNameProblem(model.name), undefined);
    }
  });
});

describe("model names", () => {
  it("accepts the allowed alphabet and rejects the rest", () => {
    for (const ok of ["a", "qwen2.5-7b", "My_Model.v2", "7b-x"]) assert.equal(modelNameProblem(ok), undefined, ok);
    for (const bad of ["", "-a", ".a", "_a", "a b", "a/b", "ä", "a__b"]) assert.ok(modelNameProblem(bad), bad);
    assert.match(modelNameProblem("a__b") ?? "", /must not contain "__"/);
  });

  it("sanitizes file stems into valid names", () => {
    assert.equal(sanitizeModelName("Qwen2.5-7B-Instruct-Q4_K_M"), "Qwen2.5-7B-Instruct-Q4_K_M");
    assert.equal(sanitizeModelName("my model (v2)"), "my-model-v2");
    assert.equal(sanitizeModelName("__x__y"), "x_y");
    assert.equal(sanitizeModelName("Modell für Ärzte"), "Modell-f-r-rzte");
    assert.equal(sanitizeModelName("%%%"), "model");
    for (const stem of ["a b", "__", "..x", "x__", "ü"]) assert.equal(modelNameProblem(sanitizeModelName(stem)), undefined, stem);
  });
});

describe("parseUserEntries", () => {
  it("turns path and uri entries into specs, defaulting the tier to custom", () => {
    const specs = parseUserEntries(
      [
        { name: "local", path: "/models/local.gguf" },
        { name: "remote", tier: "7b", uri: "hf:someone/Some-GGUF/some-Q4_K_M.gguf" },
      ],
      "models.json",
    );
    assert.deepEqual(specs, [
      { name: "local", tier: "custom", source: { kind: "file", path: "/models/local.gguf" } },
      { name: "remote", tier: "7b", source: { kind: "uri", uri: "hf:someone/Some-GGUF/some-Q4_K_M.gguf" } },
    ]);
  });

  it("resolves relative paths against baseDir when given, keeps them otherwise", () => {
    const entry = [{ name: "m", path: "models/m.gguf" }];
    assert.deepEqual(parseUserEntries(entry, "f.json", "/cfg")[0].source, { kind: "file", path: resolve("/cfg", "models/m.gguf") });
    assert.deepEqual(parseUserEntries(entry, "f.json")[0].source, { kind: "file", path: "models/m.gguf" });
  });

  it("rejects a non-array, naming the origin", () => {
    throwsSelection(() => parseUserEntries({ name: "x" }, "setting promptBench.models"), /^setting promptBench\.models: expected a JSON array/);
  });

  it("reports every bad entry with origin and index", () => {
    throwsSelection(
      () =>
        parseUserEntries(
          [
            { name: "ok", path: "/a.gguf" },
            { name: "bad name", path: "/b.gguf" },
            { name: "both", path: "/c.gguf", uri: "hf:x/y/z.gguf" },
            { name: "neither" },
            { name: "t", tier: "huge", path: "/d.gguf" },
            { name: "u", uri: "ftp://x" },
            { name: "typo", teir: "7b", path: "/e.gguf" },
            { name: "a__b", path: "/f.gguf" },
            { name: "ok", path: "/g.gguf" },
            "just a string",
            { name: "7B", path: "/h.gguf" },
          ],
          "models.json",
        ),
      /^models\.json: invalid model entries:/,
      /entry \[1\] \("bad name"\): name: name "bad name" must start with a letter or digit/,
      /entry \[2\] \("both"\): give exactly one of "path" .* or "uri"/,
      /entry \[3\] \("neither"\): give exactly one of/,
      /entry \[4\] \("t"\): tier: tier must be one of 3b, 7b, 30b, 70b, thinking, custom/,
      /entry \[5\] \("u"\): uri: uri must start with "hf:"/,
      /entry \[6\] \("typo"\): .*teir/,
      /entry \[7\] \("a__b"\): name: .*must not contain "__"/,
      /entry \[8\] \("ok"\): the name is already used by entry \[0\]/,
      /entry \[9\]: /,
      /entry \[10\] \("7B"\): name: name "7B" is reserved/,
    );
  });

  it("exposes the zod schema for the setting's shape", () => {
    assert.deepEqual(userModelEntrySchema.parse({ name: "m", uri: "https://example.org/m.gguf" }), { name: "m", tier: "custom", uri: "https://example.org/m.gguf" });
  });
});

describe("selectModels", () => {
  const user = parseUserEntries(
    [
      { name: "mine", path: "/models/mine.gguf" },
      { name: "qwen2.5-7b", tier: "7b", path: "/models/my-qwen.gguf" },
      { name: "big-custom", tier: "70b", uri: "hf:a/B-GGUF/b.gguf" },
    ],
    "models.json",
  );

  it("selects all seed models plus user models, user overrides in place", () => {
    const all = select("all", user);
    assert.equal(all.length, 14);
    assert.deepEqual(names(all).slice(-2), ["mine", "big-custom"]);
    assert.deepEqual(all[5], { name: "qwen2.5-7b", tier: "7b", source: { kind: "file", path: "/models/my-qwen.gguf" } });
    assert.equal(select("all").length, 12);
  });

  it("selects a tier, including user models in it", () => {
    assert.deepEqual(names(select("3b")), ["llama3.2-3b", "qwen2.5-3b", "phi3.5-mini"]);
    assert.deepEqual(names(select("thinking")), ["qwq-32b", "deepseek-r1"]);
    assert.deepEqual(names(select("70b", user)), ["llama3.1-70b", "qwen2.5-72b", "big-custom"]);
    assert.deepEqual(names(select("custom", user)), ["mine"]);
  });

  it("selects by name, case-insensitively, and a user entry by its name", () => {
    assert.deepEqual(names(select("qwq-32b")), ["qwq-32b"]);
    assert.deepEqual(names(select("QwQ-32B")), ["qwq-32b"]);
    assert.deepEqual(names(select("ALL")), names(SEED_MODELS as ModelSpec[]));
    assert.deepEqual(select("mine", user), [user[0]]);
  });

  it("accepts a .gguf path (existing or not), resolved against cwd, named by its sanitized stem", () => {
    assert.deepEqual(select("models/My Model (v2).GGUF"), [
      { name: "My-Model-v2", tier: "custom", source: { kind: "file", path: resolve(CWD, "models/My Model (v2).GGUF") } },
    ]);
    assert.deepEqual(select("/abs/tiny.gguf")[0].source, { kind: "file", path: "/abs/tiny.gguf" });
  });

  it("takes comma lists, trims items and removes duplicates keeping the first position", () => {
    assert.deepEqual(names(select(" qwen2.5-3b , 3b,llama3.2-3b,,qwen2.5-3b ")), ["qwen2.5-3b", "llama3.2-3b", "phi3.5-mini"]);
    assert.deepEqual(names(select("a.gguf,./a.gguf")), ["a"]);
  });

  it("rejects two different models with the same name", () => {
    throwsSelection(() => select("x/qwq-32b.gguf,qwq-32b"), /Two different models are both named "qwq-32b"/);
    throwsSelection(() => select("a/m.gguf,b/m.gguf"), /both named "m" \(\/work\/project\/a\/m\.gguf and \/work\/project\/b\/m\.gguf\)/);
  });

  it("lists valid names and tiers for unknown names", () => {
    throwsSelection(
      () => select("gpt-4,qwen2.5-3b,models/x.bin", user),
      /^Unknown models "gpt-4", "models\/x\.bin"\./,
      new RegExp(`a tier \\(${TIERS.join(", ")}\\)`),
      /llama3\.2-3b, .*deepseek-r1, mine, big-custom\)/,
      /a path to a \.gguf file/,
    );
  });

  it("rejects an empty spec and an empty tier", () => {
    throwsSelection(() => select(" , "), /^No model given\./);
    throwsSelection(() => select("custom"), /^Tier "custom" has no models\./);
  });
});
