import type { ModelMatch } from "../core/rerun/predictionMatch";

/** The rerun's verdict: per model, N identical, M differ, and the first differing row. */
export function formatMatch(originalId: string, rerunId: string, matches: readonly ModelMatch[]): string {
  const same = matches.every((m) => m.differ === 0 && m.onlyOriginal === 0 && m.onlyRerun === 0 && m.inputChanged === 0);
  const lines = [`predictions of run ${rerunId} against run ${originalId}, row by row: ${same ? "identical" : "not identical"}`];
  for (const m of matches) {
    const extra = [
      m.onlyOriginal > 0 ? `${m.onlyOriginal} only in the original` : "",
      m.onlyRerun > 0 ? `${m.onlyRerun} only in the rerun` : "",
      m.inputChanged > 0 ? `${m.inputChanged} not compared (input changed)` : "",
    ].filter(Boolean);
    lines.push(`  ${m.model}: ${m.identical} identical, ${m.differ} differ${extra.length ? `, ${extra.join(", ")}` : ""}`);
    const d = m.firstDifference;
    if (d) lines.push(`    first differing row: ${d.row + 1} (line ${d.line}), ${d.what}: ${JSON.stringify(clip(d.original))} (original) vs ${JSON.stringify(clip(d.rerun))} (rerun)`);
  }
  return lines.join("\n") + "\n";
}

function clip(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 119)}…`;
}
