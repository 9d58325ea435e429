/** How many rows decode at once (context sequences) and how many tokens each sequence holds. */
export interface ParallelPlan {
  sequences: number;
  /** Tokens per sequence (node-llama-cpp's contextSize is per sequence); undefined = node-llama-cpp's "as large as fits". */
  contextSize: number | { max: number };
  /** One line for the log: why these figures. */
  reason: string;
}

export interface PlanInput {
  /** The user's override (setting promptBench.parallelRows / --parallel); 0 or undefined = auto. */
  parallelRows?: number;
  /** The user's context size per sequence (engine option), tokens. */
  contextSize?: number;
  gpu: boolean;
  /** Rows still to run; more sequences than rows would only cost memory. */
  rows?: number;
  /** Tokens of the longest rendered prompt (chat template included), and the run's max new tokens. */
  longestPromptTokens?: number;
  maxNewTokens?: number;
  /** Tokens of context the memory check approved (it checked one sequence of this size). */
  budgetTokens: number;
  trainContextSize?: number;
  /** Context size when nothing is known about the rows. */
  defaultMax: number;
}

/** Most sequences "auto" uses on a GPU; llama.cpp's batched figures flatten out past 8-16 on one GPU. */
export const MAX_AUTO_SEQUENCES = 8;

/**
 * Chooses sequences and context size. Auto: one sequence on the CPU — measured on a 2-core CPU with the 85M
 * bench model (npm run bench:throughput), 2 sequences gave 1.0x and 3 gave 0.86x the output tokens/s of one (CPU
 * matmul is compute-bound, batching saves nothing; docs/BENCHMARKS.md) — and on a GPU as many as the memory
 * check's token budget holds, at most 8, since batched decoding there costs little more than one sequence. Each sequence holds the longest prompt plus
 * the max new tokens (10% slack: the longest prompt is picked by characters, not tokens).
 */
export function planParallel(input: PlanInput): ParallelPlan {
  const rows = Math.max(1, input.rows ?? Number.POSITIVE_INFINITY);
  const perSequence = sequenceSize(input);
  const override = input.parallelRows !== undefined && input.parallelRows > 0 ? Math.floor(input.parallelRows) : undefined;
  if (override !== undefined) {
    const sequences = Math.min(override, rows);
    return { sequences, contextSize: perSequence ?? { max: input.defaultMax }, reason: `${sequences} parallel rows (set by the user)` };
  }
  if (!input.gpu || perSequence === undefined) {
    return { sequences: 1, contextSize: perSequence ?? { max: input.defaultMax }, reason: input.gpu ? "1 row at a time (prompt lengths unknown)" : "1 row at a time (CPU: parallel rows measured no faster)" };
  }
  const fits = Math.max(1, Math.floor(input.budgetTokens / perSequence));
  const sequences = Math.min(MAX_AUTO_SEQUENCES, fits, rows);
  return { sequences, contextSize: perSequence, reason: `${sequences} parallel rows of ${perSequence} tokens (GPU, ${input.budgetTokens}-token memory budget)` };
}

function sequenceSize(input: PlanInput): number | undefined {
  if (input.contextSize !== undefined) return input.contextSize;
  if (input.longestPromptTokens === undefined || input.maxNewTokens === undefined) return undefined;
  return rowTokens(input.longestPromptTokens, input.maxNewTokens, input.trainContextSize);
}

/** Tokens one sequence needs for the longest prompt plus the max new tokens (10% slack), within the training context. */
export function rowTokens(longestPromptTokens: number, maxNewTokens: number, trainContextSize?: number): number {
  const wanted = Math.ceil((longestPromptTokens + maxNewTokens) * 1.1) + 16;
  return trainContextSize ? Math.min(wanted, trainContextSize) : wanted;
}
