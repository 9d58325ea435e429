import { punktSentences } from "./punkt";
import { type RougeScore, scoreLcs, scoreNgrams, scoreSummaryLcs } from "./scoreParts";
import { makeTokenizer, type RougeTokenizer } from "./tokenize";

/** rouge_score's types: ROUGE-N for n = 1…9, ROUGE-L, and summary-level ROUGE-Lsum. */
export type RougeType = "rouge1" | "rouge2" | "rougeL" | "rougeLsum" | `rouge${3 | 4 | 5 | 6 | 7 | 8 | 9}`;

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (rouge_score's `use_stemmer`). Default false. */
  useStemmer?: boolean;
  /**
   * rougeLsum only: find sentences with a sentence splitter instead of newlines (rouge_score's `split_summaries`,
   * which uses nltk.sent_tokenize; see punkt.ts for how close ours is). Default false: one sentence per line.
   */
  splitSummaries?: boolean;
  /** "default" is rouge_score's ASCII tokenizer; "unicode" keeps letters of every script. Default "default". */
  tokenizer?: RougeTokenizer;
}

export type RougeScores<T extends RougeType = RougeType> = Record<T, RougeScore>;

export interface RougeScorer<T extends RougeType> {
  /** `RougeScorer(types, use_stemmer, split_summaries).score(target, prediction)`: the target comes first. */
  score(target: string, prediction: string): RougeScores<T>;
  /** `score_multi`: per type, the score against the target with the highest F-measure (the first one on ties). */
  scoreMulti(targets: readonly string[], prediction: string): RougeScores<T>;
}

const NGRAM_TYPE = /^rouge([1-9])$/;

/** Sentences for rougeLsum: newline-separated lines (or Punkt sentences), empty ones dropped as rouge_score does. */
function sentences(text: string, splitSummaries: boolean): string[] {
  return (splitSummaries ? punktSentences(text) : text.split("\n")).filter((s) => s.length > 0);
}

/** Builds a scorer; reuse it across many pairs so that stems are computed once per distinct word. */
export function createRougeScorer<T extends RougeType>(types: readonly T[], options: RougeOptions = {}): RougeScorer<T> {
  for (const type of types) {
    if (type !== "rougeL" && type !== "rougeLsum" && !NGRAM_TYPE.test(type)) {
      throw new RangeError(`Invalid rouge type: ${String(type)}`);
    }
  }
  const tokenize = makeTokenizer(options.useStemmer ?? false, options.tokenizer ?? "default");
  const splitSummaries = options.splitSummaries ?? false;

  const score = (target: string, prediction: string): RougeScores<T> => {
    let targetTokens: string[] | undefined;
    let predictionTokens: string[] | undefined;
    const tokens = (): [string[], string[]] => {
      targetTokens ??= tokenize(target);
      predictionTokens ??= tokenize(prediction);
      return [targetTokens, predictionTokens];
    };
    const result = {} as RougeScores<T>;
    for (const type of types) {
      if (type === "rougeL") {
        result[type] = scoreLcs(...tokens());
      } else if (type === "rougeLsum") {
        result[type] = scoreSummaryLcs(
          sentences(target, splitSummaries).map(tokenize),
          sentences(prediction, splitSummaries).map(tokenize),
        );
      } else {
        result[type] = scoreNgrams(...tokens(), Number(type.slice(5)));
      }
    }
    return result;
  };

  const scoreMulti = (targets: readonly string[], prediction: string): RougeScores<T> => {
    // rouge_score takes np.argmax over an empty list and fails; say so plainly instead.
    if (targets.length === 0) throw new RangeError("scoreMulti needs at least one target");
    const all = targets.map((t) => score(t, prediction));
    const result = {} as RougeScores<T>;
    for (const type of types) {
      let best = all[0][type];
      for (const s of all) if (s[type].fmeasure > best.fmeasure) best = s[type];
      result[type] = best;
    }
    return result;
  };

  return { score, scoreMulti };
}

/** One pair, as `rouge_scorer.RougeScorer(types, use_stemmer).score(target, prediction)`. */
export function rougeScore<T extends RougeType>(
  target: string,
  prediction: string,
  types: readonly T[],
  options: RougeOptions = {},
): RougeScores<T> {
  return createRougeScorer(types, options).score(target, prediction);
}

/** Several references, as `RougeScorer(...).score_multi(targets, prediction)`. */
export function rougeScoreMulti<T extends RougeType>(
  targets: readonly string[],
  prediction: string,
  types: readonly T[],
  options: RougeOptions = {},
): RougeScores<T> {
  return createRougeScorer(types, options).scoreMulti(targets, prediction);
}
