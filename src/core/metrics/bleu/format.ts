import type { BleuScore } from "./computeBleu";
import { pyFixed } from "./pyFixed";

/** sacrebleu's `Score.format` line: `NAME[|signature] = score[ verbose]`. */
export function formatScoreLine(name: string, score: number, width: number, signature: string, verbose = ""): string {
  const head = signature ? `${name}|${signature}` : name;
  return `${head} = ${pyFixed(score, width)}${verbose ? ` ${verbose}` : ""}`;
}

/**
 * BLEU as sacrebleu prints it, e.g.
 * `BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`;
 * pass the signature to get `BLEU|nrefs:1|… = 48.53 …` as its command line shows.
 */
export function formatBleu(result: BleuScore, width = 2, signature = ""): string {
  const precisions = result.precisions.map((p) => pyFixed(p, 1)).join("/");
  const ratio = result.refLen ? result.sysLen / result.refLen : 0;
  const verbose =
    `${precisions} (BP = ${pyFixed(result.bp, 3)} ratio = ${pyFixed(ratio, 3)} ` +
    `hyp_len = ${result.sysLen} ref_len = ${result.refLen})`;
  return formatScoreLine("BLEU", result.score, width, signature, verbose);
}
