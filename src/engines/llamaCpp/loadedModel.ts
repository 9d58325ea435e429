import type { GenerateRequest, GenerateResult, LoadedModel } from "../engine";
import type { ModelSpec } from "../../core/registry/modelSpec";
import type { ChatResponseItem, LlamaChatSession, LlamaContext, LlamaGrammar, LlamaModel, Llama } from "./nodeLlamaCpp";

export interface LoadedParts {
  spec: ModelSpec;
  loadSeconds: number;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
  seed: number;
  onDispose: () => void;
}

/** A model in memory with one context sequence; rows run one after another, each from an empty history. */
export class LlamaCppLoadedModel implements LoadedModel {
  readonly spec: ModelSpec;
  readonly loadSeconds: number;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private disposed = false;

  constructor(private readonly parts: LoadedParts) {
    this.spec = parts.spec;
    this.loadSeconds = parts.loadSeconds;
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
    const { response } = await session.promptWithMeta(request.prompt, {
      maxTokens: Math.min(request.maxNewTokens, room),
      temperature: 0,
      seed: this.parts.seed,
      grammar,
      signal: request.signal,
      stopOnAbortSignal: true,
    });
    return {
      text: responseText(response),
      tokensIn,
      tokensOut: session.sequence.tokenMeter.usedOutputTokens - outputBefore,
      seconds: (performance.now() - started) / 1000,
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
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

/** The whole response as text; thoughts are kept inside <think> tags so the raw output shows them. */
function responseText(response: readonly ChatResponseItem[]): string {
  return response
    .map((item) => {
      if (typeof item === "string") return item;
      if (item.type === "segment") return item.segmentType === "thought" ? `<think>${item.text}</think>` : item.text;
      return "";
    })
    .join("");
}
