import type { AlignmentChunk } from "./opcodes";
import type { CharacterOutput, WordOutput } from "./process";
import { pyLen } from "./pythonText";

export interface VisualizeOptions {
  showMeasures?: boolean;
  skipCorrect?: boolean;
  lineWidth?: number;
}

/** `jiwer.visualize_alignment`, character for character (REF/HYP lines, S/D/I markers, optional summary). */
export function visualizeAlignment(output: WordOutput | CharacterOutput, options: VisualizeOptions = {}): string {
  const { showMeasures = true, skipCorrect = true, lineWidth } = options;
  const isCer = output.kind === "characters";
  let text = "";
  output.alignments.forEach((chunks, k) => {
    if (skipCorrect && (chunks.length === 0 || (chunks.length === 1 && chunks[0].type === "equal"))) return;
    text += `=== SENTENCE ${k + 1} ===\n\n`;
    text += comparison(output.references[k], output.hypotheses[k], chunks, !isCer, lineWidth);
    text += "\n";
  });
  if (!showMeasures) return text.slice(0, -1);
  text += "=== SUMMARY ===\n";
  text += `number of sentences: ${output.alignments.length}\n`;
  text += `substitutions=${output.substitutions} deletions=${output.deletions} insertions=${output.insertions} hits=${output.hits}\n`;
  if (output.kind === "characters") return text + `\ncer=${percent(output.cer)}%\n`;
  return text + `\nmer=${percent(output.mer)}%\nwil=${percent(output.wil)}%\nwip=${percent(output.wip)}%\nwer=${percent(output.wer)}%\n`;
}

function comparison(ref: string[], hyp: string[], chunks: AlignmentChunk[], spaced: boolean, lineWidth?: number): string {
  let refLine = "REF: ";
  let hypLine = "HYP: ";
  let opLine = "     ";
  let done = "";
  const sep = spaced ? " " : "";
  const flush = () => (spaced ? `${refLine.slice(0, -1)}\n${hypLine.slice(0, -1)}\n${opLine.slice(0, -1)}\n` : `${refLine}\n${hypLine}\n${opLine}\n`);
  for (const c of chunks) {
    let refs: string[];
    let hyps: string[];
    if (c.type === "insert") {
      hyps = hyp.slice(c.hypStartIdx, c.hypEndIdx);
      refs = hyps.map(() => "*");
    } else {
      refs = ref.slice(c.refStartIdx, c.refEndIdx);
      hyps = c.type === "delete" ? refs.map(() => "*") : hyp.slice(c.hypStartIdx, c.hypEndIdx);
    }
    const mark = { equal: " ", substitute: "S", delete: "D", insert: "I" }[c.type];
    refs.forEach((r, k) => {
      let h = hyps[k];
      const width = Math.max(pyLen(r), pyLen(h), 1);
      if (lineWidth !== undefined && pyLen(refLine) + width > lineWidth) {
        done += flush() + "\n";
        refLine = "REF: ";
        hypLine = "HYP: ";
        opLine = "     ";
      }
      if (r === "*") r = "*".repeat(width);
      else if (h === "*") h = "*".repeat(width);
      refLine += padStart(r, width) + sep;
      hypLine += padStart(h, width) + sep;
      opLine += padStart(mark, width) + sep;
    });
  }
  return done + flush();
}

/** Python's `f"{s:>{width}}"`, counting code points. */
function padStart(s: string, width: number): string {
  return " ".repeat(Math.max(0, width - pyLen(s))) + s;
}

/**
 * Python's `f"{x * 100:.2f}"`. `toFixed` rounds exact ties (…5 exactly) up, Python rounds them to even: the
 * exact decimal value of the double (toPrecision(100) is exact for these magnitudes) tells a tie apart.
 */
export function percent(x: number): string {
  const y = x * 100;
  const fixed = y.toFixed(2);
  const exact = y.toPrecision(100).replace(/0+$/, "");
  const decimals = exact.split(".")[1] ?? "";
  if (decimals.length !== 3 || !decimals.endsWith("5")) return fixed;
  const down = (Math.trunc(y * 100) / 100).toFixed(2); // the two candidates differ in the last digit
  return Number(down.slice(-1)) % 2 === 0 ? down : fixed;
}
