import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRunArgs } from "../../src/cli/args";
import { UsageError } from "../../src/cli/usageError";
import { UserError } from "../../src/core/errors/userError";
import { applyGpuDevices, GPU_DEVICE_VARIABLES, parseGpuDevices } from "../../src/engines/llamaCpp/gpuDevices";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { ensureTestModel } from "../helpers/testModel";

test("GPU lists: indexes with optional spaces; empty means every GPU; anything else names its origin", () => {
  assert.equal(parseGpuDevices("0", "x"), "0");
  assert.equal(parseGpuDevices(" 0, 2 ", "x"), "0,2");
  assert.equal(parseGpuDevices("", "x"), undefined);
  assert.equal(parseGpuDevices(undefined, "x"), undefined);
  assert.throws(() => parseGpuDevices("GPU-1", "Setting promptBench.gpuDevices"), (error: unknown) =>
    error instanceof UserError && /^Setting promptBench\.gpuDevices: "GPU-1" is not a list of GPU indexes/.test(error.message));
  assert.throws(() => parseGpuDevices("0,,1", "x"), UserError);
});

test("--gpu-devices reaches the run arguments; a bad list is a usage error", () => {
  assert.equal(parseRunArgs(["--csv", "a.csv", "--prompt", "p.txt", "--gpu-devices", "1,0"]).gpuDevices, "1,0");
  assert.equal(parseRunArgs(["--csv", "a.csv", "--prompt", "p.txt"]).gpuDevices, undefined);
  assert.throws(() => parseRunArgs(["--csv", "a.csv", "--prompt", "p.txt", "--gpu-devices", "all"]), UsageError);
});

test("applying a choice sets both backends' visibility variables; after the backend started it only warns", () => {
  const env: NodeJS.ProcessEnv = {};
  assert.equal(applyGpuDevices("1", env).level, "info");
  for (const name of GPU_DEVICE_VARIABLES) assert.equal(env[name], "1");
  const late: NodeJS.ProcessEnv = { CUDA_VISIBLE_DEVICES: "0" };
  const note = applyGpuDevices("1", late, true);
  assert.equal(note.level, "warn");
  assert.match(note.message, /take effect after a restart/);
  assert.equal(late.CUDA_VISIBLE_DEVICES, "0", "unchanged: the running backend would not see it");
});

test("the engine applies the choice before node-llama-cpp starts, and logs it", async () => {
  const modelPath = await ensureTestModel();
  const logs: string[] = [];
  const engine = createLlamaCppEngine({ modelsDir: "/nonexistent", threads: 1, gpuDevices: "0", allowDownload: false, log: (_level, message) => logs.push(message) });
  try {
    const loaded = await engine.load({ name: "tiny", tier: "custom", source: { kind: "file", path: modelPath } });
    await loaded.dispose();
  } finally {
    await engine.dispose();
  }
  assert.equal(process.env.CUDA_VISIBLE_DEVICES, "0");
  assert.equal(process.env.GGML_VK_VISIBLE_DEVICES, "0");
  assert.ok(logs.some((line) => line.startsWith("GPUs limited to 0")), logs.join("\n"));
});
