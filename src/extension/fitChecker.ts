import type { ModelSpec } from "../core/registry/modelSpec";
import type { FitReport } from "../core/engine/engine";
import { createLlamaCppEngine } from "../engines/llamaCpp";
import { parseGpuDevices } from "../engines/llamaCpp/gpuDevices";
import type { Settings } from "./config";

/**
 * Runs `body` with a fit check for the model picker (node-llama-cpp's estimate for files already in the models
 * folder, the file-size estimate for the rest), on an engine of its own that is disposed afterwards.
 */
export async function withFitCheck<T>(settings: Settings, body: (fitOf: (spec: ModelSpec) => Promise<FitReport | undefined>) => Promise<T>): Promise<T> {
  const engine = createLlamaCppEngine({
    modelsDir: settings.modelsDir,
    gpu: settings.gpu === "off" ? false : "auto",
    // The first engine in the host fixes which GPUs the backend sees, so the check uses the run's choice too.
    gpuDevices: parseGpuDevices(settings.gpuDevices, "Setting promptBench.gpuDevices"),
    allowDownload: false,
  });
  try {
    return await body((spec) => engine.checkFit?.(spec) ?? Promise.resolve(undefined));
  } finally {
    await engine.dispose();
  }
}
