import type { GenerateRequest, GenerateResult, LoadedModel, MemoryPeak, ModelLoadFacts } from "../../core/engine/engine";
import type { MemoryPeakSampler } from "../../core/hardware/memoryPeakSampler";
import type { ModelSpec } from "../../core/registry/modelSpec";
import { countReasoningTokens } from "../../core/schema/think";
import type { ChatResponseItem, LlamaChatSession, LlamaContext, LlamaGrammar, LlamaModel, Llama, Token } from "./nodeLlamaCpp";
import { SessionPool } from "./sessionPool";

export interface LoadedParts {
  spec: ModelSpec;
  loadSeconds: number;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  /** One chat session per context sequence; rows run in parallel up to their number. */
  sessions: LlamaChatSession[];
  /** Keep the shared prompt prefix's evaluation in each sequence between rows (else evaluate it every row). */
  reusePrefix: boolean;
  /** Text every prompt starts with (see LoadWorkload.promptPrefix); undefined = no prefix step. */
  promptPrefix?: string;
  seed: number;
  /** Hardware facts read at load, and the memory sampler started there (stopped on dispose). */
  facts?: ModelLoadFacts;
  memory?: MemoryPeakSampler;
  onDispose: () => void;
}

/** A model in memory with one or more context sequences; each row starts from an empty chat history. */
export class LlamaCppLoadedModel implements LoadedModel {
  readonly spec: ModelSpec;
  readonly loadSeconds: number;
  readonly facts?: ModelLoadFacts;
  readonly parallelism: number;
  private readonly pool: SessionPool<LlamaChatSession>;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private readonly prefixTokens: readonly Token[];
  private disposed = false;

  constructor(private readonly parts: LoadedParts) {
    this.spec = parts.spec;
    this.loadSeconds = parts.loadSeconds;
    this.facts = parts.facts;
    this.pool = new SessionPool(parts.sessions);
    this.parallelism = this.pool.size;
    this.prefixTokens = parts.promptPrefix === undefined ? [] : templatePrefixTokens(parts.sessions[0]!.chatWrapper, parts.model, parts.promptPrefix);
  }

  memoryPeak(): MemoryPeak {
    return this.parts.memory?.peak() ?? { unavailable: { vramPeakBytes: "not sampled", ramPeakBytes: "not sampled" } };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.disposed) throw new Error(`${this.spec.name} was disposed`);
    request.signal?.throwIfAborted();
    const session = await this.pool.acquire();
    try {
      return await this.generateOn(session, request);
    } finally {
      this.pool.release(session);
    }
  }

  private async generateOn(session: LlamaChatSession, request: GenerateRequest): Promise<GenerateResult> {
    request.signal?.throwIfAborted();
    const { context } = this.parts;
    const started = performance.now();
    session.setChatHistory([]);
    // The prompt as the model sees it (chat template, special tokens), tokenized once per row.
    const promptTokens = promptContextTokens(session.chatWrapper, this.parts.model, request.prompt);
    const tokensIn = promptTokens.length;
    const room = context.contextSize - tokensIn;
    if (room <= 0) {
      throw new Error(`the prompt is ${tokensIn} tokens but the model's context holds ${context.contextSize}`);
    }
    await this.preparePrefix(session, promptTokens);
    const grammar = request.jsonSchema ? await this.grammar(request.jsonSchema) : undefined;
    const outputBefore = session.sequence.tokenMeter.usedOutputTokens;
    let thoughtTokens = 0;
    let firstTokenAt: number | undefined;
    const { response } = await session.promptWithMeta(request.prompt, {
      maxTokens: Math.min(request.maxNewTokens, room),
      ...samplingOptions(request, this.parts.seed),
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
    for (const session of this.parts.sessions) session.dispose();
    await this.parts.context.dispose();
    await this.parts.model.dispose();
    this.parts.onDispose();
  }

  /**
   * Leaves exactly the row's share of the template prefix in the sequence, so the prompt is always evaluated as
   * [prefix] then [rest]. Where that split falls changes float rounding (a whole-prompt batch and two batches can
   * pick different greedy tokens on near ties), so it must not depend on the rows before: keeping whatever common
   * prefix the previous row left would make outputs depend on row order. With reusePrefix the prefix stays cached
   * (node-llama-cpp then evaluates only the rest); without, it is evaluated again — same numbers, more work.
   * With several sequences node-llama-cpp batches their tokens together, in timing-dependent ways, and llama.cpp's
   * kernels change with the batch size, so there outputs can differ from one-at-a-time on near ties either way.
   */
  private async preparePrefix(session: LlamaChatSession, promptTokens: readonly Token[]): Promise<void> {
    const sequence = session.sequence;
    const prefix = commonPrefix(this.prefixTokens, promptTokens);
    const cached = sequence.contextTokens;
    if (this.parts.reusePrefix && prefix.length > 0 && cached.length >= prefix.length && prefix.every((token, i) => cached[i] === token)) {
      if (sequence.nextTokenIndex > prefix.length) await sequence.eraseContextTokenRanges([{ start: prefix.length, end: sequence.nextTokenIndex }]);
      return;
    }
    await sequence.clearHistory();
    if (prefix.length > 0) await sequence.evaluateWithoutGeneratingNewTokens([...prefix]);
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

/** Tokens of a prompt as the model sees it: chat template, special tokens and the user's text. */
export function chatPromptTokens(chatWrapper: LlamaChatSession["chatWrapper"], model: LlamaModel, prompt: string): number {
  return promptContextTokens(chatWrapper, model, prompt).length;
}

function promptContextTokens(chatWrapper: LlamaChatSession["chatWrapper"], model: LlamaModel, prompt: string): Token[] {
  const { contextText } = chatWrapper.generateContextState({
    chatHistory: [{ type: "user", text: prompt }, { type: "model", response: [] }],
  });
  return contextText.tokenize(model.tokenizer);
}

/** The template prefix's tokens in the chat template: what two prompts with different sources share. */
function templatePrefixTokens(chatWrapper: LlamaChatSession["chatWrapper"], model: LlamaModel, prefix: string): Token[] {
  return commonPrefix(promptContextTokens(chatWrapper, model, `${prefix}A`), promptContextTokens(chatWrapper, model, `${prefix}B`));
}

function commonPrefix(a: readonly Token[], b: readonly Token[]): Token[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.slice(0, n);
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

/** node-llama-cpp's sampling options for a request: greedy and the engine's seed unless the run sets them. */
function samplingOptions(request: GenerateRequest, engineSeed: number): { temperature: number; topP?: number; topK?: number; seed: number } {
  const sampling = request.sampling ?? {};
  return { temperature: sampling.temperature ?? 0, topP: sampling.topP, topK: sampling.topK, seed: sampling.seed ?? engineSeed };
}
