import type { GenerateRequest, GenerateResult, LoadedModel, MemoryPeak, ModelLoadFacts } from "../engine";
import type { MemoryPeakSampler } from "../../core/hardware/memoryPeakSampler";
import type { ModelSpec } from "../../core/registry/modelSpec";
import { countReasoningTokens } from "../../core/schema/think";
import type { ChatResponseItem, LlamaChatSession, LlamaContext, LlamaGrammar, LlamaModel, Llama } from "./nodeLlamaCpp";

export interface LoadedParts {
  spec: ModelSpec;
  loadSeconds: number;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
  seed: number;
  /** Hardware facts read at load, and the memory sampler started there (stopped on dispose). */
  facts?: ModelLoadFacts;
  memory?: MemoryPeakSampler;
  onDispose: () => void;
}

/** A model in memory with one context sequence; rows run one after another, each from an empty history. */
export class LlamaCppLoadedModel implements LoadedModel {
  readonly spec: ModelSpec;
  readonly loadSeconds: number;
  readonly facts?: ModelLoadFacts;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private disposed = false;

  constructor(private readonly parts: LoadedParts) {
    this.spec = parts.spec;
    this.loadSeconds = parts.loadSeconds;
    this.facts = parts.facts;
  }

  memoryPeak(): MemoryPeak {
    return this.parts.memory?.peak() ?? { unavailable: { vramPeakBytes: "not sampled", ramPeakBytes: "not sampled" } };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.disposed) throw new Error(`${this.spec.name} was disposed`);
    request.signal?.throwIfAborted();
    const { session, context } = this.parts;
    const started = performance.now();
    // A fresh history and an empty KV cache per row: a row's output never depends on the rows before it.
    session.setChatHistory([]);
    await session.sequence.clearHistory();
    const tokensIn = this.promptTokens(request.prompt);
    const room = context.contextSize - tokensIn;
    if (room <= 0) {
      throw new Error(`the prompt is ${tokensIn} tokens but the model's context holds ${context.contextSize}`);
    }
    const grammar = request.jsonSchema ? await this.grammar(request.jsonSchema) : undefined;
    const outputBefore = session.sequence.tokenMeter.usedOutputTokens;
    let thoughtTokens = 0;
    let firstTokenAt: number | undefined;
    const { response } = await session.promptWithMeta(request.prompt, {
      maxTokens: Math.min(request.maxNewTokens, room),
      temperature: 0,
      seed: this.parts.seed,
      grammar,
      signal: request.signal,
      stopOnAbortSignal: true,
      // Chat wrappers that know the model's thought segments report them here; others leave <think> text in the answer.
      onResponseChunk: (chunk) => {
        if (chunk.tokens.length > 0) firstTokenAt ??= performance.now(); // time to first token, thoughts included
        if (chunk.type === "segment" && chunk.segmentType === "thought") thoughtTokens += chunk.tokens.length;
      },
      ...(request.maxReasoningTokens === undefined ? {} : { budgets: { thoughtTokens: request.maxReasoningTokens } }),
    });
    const seconds = (performance.now() - started) / 1000;
    // A memory reading at the end of each row, when the KV cache is fullest.
    await this.parts.memory?.sample();
    return {
      text: responseText(response),
      reasoningTokens: thoughtTokens + literalThinkTokens(this.parts.model, response.filter((item) => typeof item === "string").join("")),
      tokensIn,
      tokensOut: session.sequence.tokenMeter.usedOutputTokens - outputBefore,
      seconds,
      ttftSeconds: firstTokenAt === undefined ? undefined : (firstTokenAt - started) / 1000,
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.parts.memory?.stop();
    this.parts.session.dispose();
    await this.parts.context.dispose();
    await this.parts.model.dispose();
    this.parts.onDispose();
  }

  /** Tokens of the prompt as the model sees it: chat template, special tokens and the user's text. */
  private promptTokens(prompt: string): number {
    const { session, model } = this.parts;
    const { contextText } = session.chatWrapper.generateContextState({
      chatHistory: [{ type: "user", text: prompt }, { type: "model", response: [] }],
    });
    return contextText.tokenize(model.tokenizer).length;
  }

  private grammar(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      // The runner's schemas are plain JSON schemas; node-llama-cpp checks what it supports when building.
      grammar = this.parts.llama.createGrammarForJsonSchema(schema as never);
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}

/** Reasoning tokens written as literal <think> text (models whose chat wrapper reports no thought segments). */
export function literalThinkTokens(model: LlamaModel, text: string): number {
  return countReasoningTokens(text, (part) => model.tokenize(part, true, "trimLeadingSpace").length);
}

/**
 * The whole response as text; thoughts are kept inside <think> tags so the raw output shows them. A thought cut
 * off (max tokens) stays unclosed, so parseOutput can tell the user the reasoning never ended.
 */
function responseText(response: readonly ChatResponseItem[]): string {
  return response
    .map((item) => {
      if (typeof item === "string") return item;
      if (item.type === "segment") return item.segmentType === "thought" ? `<think>${item.text}${item.ended ? "</think>" : ""}` : item.text;
      return "";
    })
    .join("");
}
