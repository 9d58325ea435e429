/** A model's output split into its reasoning (`<think>` parts) and the rest, where the answer is looked for. */
export interface ThinkSplit {
  /** The reasoning parts without their tags, in the order found (token counts are taken of them). */
  reasoning: string[];
  /** The output with every reasoning part removed, trimmed. */
  answer: string;
  /** A `<think>` was opened and never closed: everything after it is reasoning, and the answer may be missing. */
  unclosed: boolean;
}

const CLOSE = "</think>";
const untag = (part: string): string => part.replace(/<\/?think>/gi, "");

/**
 * Splits off reasoning: every `<think>…</think>` block (case-insensitive); text up to a stray `</think>` (chat
 * templates that open the block inside the prompt, as DeepSeek-R1 distills do, and nested blocks); and
 * everything from an unclosed `<think>` to the end.
 */
export function splitThink(text: string): ThinkSplit {
  const reasoning: string[] = [];
  let out = text.replace(/<think>[\s\S]*?<\/think>/gi, (block) => {
    reasoning.push(untag(block));
    return "";
  });
  const close = out.toLowerCase().lastIndexOf(CLOSE);
  if (close >= 0) {
    reasoning.push(untag(out.slice(0, close)));
    out = out.slice(close + CLOSE.length);
  }
  const open = out.search(/<think>/i);
  if (open >= 0) {
    reasoning.push(untag(out.slice(open)));
    out = out.slice(0, open);
  }
  return { reasoning, answer: out.trim(), unclosed: open >= 0 };
}

/**
 * Tokens spent on reasoning in an output whose reasoning is literal `<think>` text (models whose chat wrapper does
 * not report thought segments). The tags are not counted, as node-llama-cpp's thought segments do not count them.
 * Each part is tokenized on its own, so the count can differ from the generated one by a token at the joins.
 */
export function countReasoningTokens(text: string, countTokens: (text: string) => number): number {
  let total = 0;
  for (const part of splitThink(text).reasoning) total += countTokens(part);
  return total;
}

/** Why an output whose `<think>` never closed has no answer, and what the user can change. */
export function unclosedThinkReason(tokensOut?: number): string {
  const where = tokensOut === undefined ? "before the output ended" : `within ${tokensOut} output tokens`;
  return (
    `the reasoning never ended: <think> was not closed ${where} — raise max new tokens ` +
    `(--max-new-tokens, promptBench.maxNewTokens) or cap reasoning (--max-reasoning-tokens, promptBench.maxReasoningTokens)`
  );
}
