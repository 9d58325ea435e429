import { formatScoreLine } from "../bleu/format";
import type { ChrfResult } from "./corpusChrf";

/** chrF as sacrebleu prints it, e.g. `chrF2 = 59.73` or, with the signature, `chrF2++|nrefs:1|… = 82.87`. */
export function formatChrf(result: ChrfResult, width = 2, signature = ""): string {
  return formatScoreLine(result.name, result.score, width, signature);
}
