/** A model's output split into its reasoning (`<think>` parts) and the rest, where the answer is looked for. */
export interface ThinkSplit {
  /** The reasoning parts without their tags, in the order found (token counts are taken of them). */
  reasoning: string[];
  /** The output with every reasoning part removed, trimmed. */
  answer: string;
  /** A `<think>` was opened and never closed: everything after it is reasoning, and the answer may be missing. */
  unclosed: boolean;
}

const OPEN = "<think>";
const CLOSE = "</think>";
const untag = (part: string): string => part.replace(/<\/?think>/gi, "");

/**
 * Splits off reasoning: every `<think>…</think>` block (case-insensitive); text up to a stray `</think>` (chat
 * templates that open the block inside the prompt, as DeepSeek-R1 distills do, and nested blocks); and
 * everything from an unclosed `<think>` to the end. Tags are found by plain search, in time linear in the text
 * (a lazy regex retries every unclosed `<think>` to the end: quadratic on thousands of them).
 */
export function splitThink(text: string): ThinkSplit {
  const reasoning: string[] = [];
  const kept: string[] = [];
  let at = 0;
  for (;;) {
    // The first `<think>` with a `</think>` after it; when the first has none, no later one has either.
    const open = findTag(text, OPEN, at);
    const close = open < 0 ? -1 : findTag(text, CLOSE, open + OPEN.length);
    if (close < 0) break;
    kept.push(text.slice(at, open));
    reasoning.push(untag(text.slice(open, close + CLOSE.length)));
    at = close + CLOSE.length;
  }
  kept.push(text.slice(at));
  let out = kept.join("");
  const close = lastTag(out, CLOSE);
  if (close >= 0) {
    reasoning.push(untag(out.slice(0, close)));
    out = out.slice(close + CLOSE.length);
  }
  const open = findTag(out, OPEN, 0);
  if (open >= 0) {
    reasoning.push(untag(out.slice(open)));
    out = out.slice(0, open);
  }
  return { reasoning, answer: out.trim(), unclosed: open >= 0 };
}

/** Whether `text` holds `tag` at `at`, ASCII letters in any case (as a non-unicode `/i` regex matches). */
function tagAt(text: string, tag: string, at: number): boolean {
  for (let k = 0; k < tag.length; k++) {
    let c = text.charCodeAt(at + k);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== tag.charCodeAt(k)) return false;
  }
  return true;
}

function findTag(text: string, tag: string, from: number): number {
  for (let i = text.indexOf("<", from); i >= 0; i = text.indexOf("<", i + 1)) if (tagAt(text, tag, i)) return i;
  return -1;
}

function lastTag(text: string, tag: string): number {
  for (let i = text.lastIndexOf("<"); i >= 0; i = i === 0 ? -1 : text.lastIndexOf("<", i - 1)) if (tagAt(text, tag, i)) return i;
  return -1;
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
