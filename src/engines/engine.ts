import type { ModelSpec } from "../core/registry/modelSpec";

/** One generation request: a fully rendered user prompt. */
export interface GenerateRequest {
  prompt: string;
  maxNewTokens: number;
  /** JSON schema to constrain decoding to (grammar); undefined = free generation. */
  jsonSchema?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
  /** Wall time of this generation, seconds. */
  seconds: number;
}

export interface LoadedModel {
  readonly spec: ModelSpec;
  /** Seconds spent loading weights and creating the context. */
  readonly loadSeconds: number;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  dispose(): Promise<void>;
}

export interface EngineLoadOptions {
  signal?: AbortSignal;
}

/** An inference back end. One model is loaded at a time; the caller disposes it before loading the next. */
export interface Engine {
  readonly id: string;
  load(spec: ModelSpec, options?: EngineLoadOptions): Promise<LoadedModel>;
  dispose(): Promise<void>;
}
