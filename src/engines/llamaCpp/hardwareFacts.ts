import { ggufParts, modelFileBytes } from "../../core/hardware/modelFiles";
import type { ModelLoadFacts } from "../../core/engine/engine";
import { ggufParamCount } from "./ggufCheck";
import type { Llama, LlamaModel } from "./nodeLlamaCpp";

export const NO_GPU = "no GPU: running on the CPU";

/** File size, GPU names and offloaded layers of a loaded model; what cannot be read is left out with the reason. */
export async function readModelFacts(llama: Llama, model: LlamaModel, modelPath: string): Promise<ModelLoadFacts> {
  const facts: ModelLoadFacts = { unavailable: {}, backend: llama.gpu === false ? "cpu" : String(llama.gpu), filePath: modelPath };
  const unavailable = facts.unavailable!;
  try {
    facts.fileBytes = modelFileBytes(modelPath);
  } catch (error) {
    unavailable.fileBytes = `cannot read the size of ${modelPath}: ${(error as Error).message}`;
  }
  try {
    // Each part of a split model holds its own share of the tensors.
    facts.paramCount = ggufParts(modelPath).reduce((sum, part) => sum + ggufParamCount(modelPath, part), 0);
  } catch (error) {
    unavailable.paramCount = `cannot read the tensor table of ${modelPath}: ${(error as Error).message}`;
  }
  // model.gpuLayers is 0 without GPU support: on the CPU "0/N" is the true figure.
  facts.gpuLayers = model.gpuLayers;
  try {
    facts.totalLayers = model.fileInsights.totalLayers;
  } catch (error) {
    unavailable.totalLayers = `the GGUF metadata gives no layer count: ${(error as Error).message}`;
  }
  if (llama.gpu === false) {
    facts.gpuNames = [];
    unavailable.gpuNames = NO_GPU;
  } else {
    try {
      facts.gpuNames = await llama.getGpuDeviceNames();
      if (facts.gpuNames.length === 0) unavailable.gpuNames = `${llama.gpu} reports no device names`;
    } catch (error) {
      unavailable.gpuNames = `${llama.gpu} device names could not be read: ${(error as Error).message}`;
    }
  }
  if (Object.keys(unavailable).length === 0) delete facts.unavailable;
  return facts;
}
