import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { estimateFit } from "../../src/core/registry/memoryFit";
import { runCli } from "../helpers/cli";
import { ensureTestModel } from "../helpers/testModel";

let modelPath: string;
before(async () => {
  modelPath = await ensureTestModel();
});

interface Listing {
  name: string;
  tier: string;
  uri?: string;
  path: string;
  present: boolean;
  fits?: boolean;
  sizeBytes?: number;
  reasoning?: boolean;
}

test("models --json lists the twelve seed models with tiers and URIs, and user entries", () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-models-"));
  const modelsDir = join(dir, "models");
  mkdirSync(modelsDir);
  // A file placed where node-llama-cpp looks for an hf: URI counts as present, offline.
  copyFileSync(modelPath, join(modelsDir, "hf_bartowski_Qwen2.5-3B-Instruct-Q4_K_M.gguf"));
  writeFileSync(join(dir, "models.json"), JSON.stringify([{ name: "tiny", path: modelPath }, { name: "gone", path: "nope.gguf" }]));
  const r = runCli(["models", "--json", "--models-dir", modelsDir, "--models-file", join(dir, "models.json")]);
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Listing[];
  const seeds = list.filter((m) => m.uri?.startsWith("hf:"));
  assert.equal(seeds.length, 12);
  assert.deepEqual(
    seeds.map((m) => `${m.tier}:${m.name}`),
    ["3b:llama3.2-3b", "3b:qwen2.5-3b", "3b:phi3.5-mini", "7b:mistral-7b", "7b:llama3.1-8b", "7b:qwen2.5-7b", "30b:qwen2.5-32b",
      "30b:mistral-small", "70b:llama3.1-70b", "70b:qwen2.5-72b", "thinking:qwq-32b", "thinking:deepseek-r1"],
  );
  for (const m of seeds) assert.ok(m.uri?.endsWith("Q4_K_M.gguf"), m.uri);
  assert.equal(list.find((m) => m.name === "qwen2.5-3b")?.present, true);
  assert.equal(list.find((m) => m.name === "llama3.2-3b")?.present, false);
  assert.equal(list.find((m) => m.name === "deepseek-r1")?.reasoning, true);
  const tiny = list.find((m) => m.name === "tiny");
  assert.equal(tiny?.present, true);
  assert.equal(tiny?.fits, true, "a 132 KB model fits anywhere");
  assert.equal(list.find((m) => m.name === "gone")?.present, false);
});

test("the memory-fit estimate prefers the GPU, falls back to the CPU, and says when nothing fits", () => {
  const GB = 1e9;
  assert.equal(estimateFit(4 * GB, { vram: 24 * GB, ram: 64 * GB }).where, "gpu");
  const cpu = estimateFit(42 * GB, { vram: 24 * GB, ram: 128 * GB });
  assert.equal(cpu.where, "cpu");
  assert.match(cpu.reason, /needs ~50\.4 GB, only 24\.0 GB VRAM free/);
  const none = estimateFit(47 * GB, { vram: 0, ram: 24 * GB });
  assert.equal(none.fits, false);
  assert.match(none.reason, /does not fit/);
});
