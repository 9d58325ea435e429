/**
 * Python's `f"{x:.{digits}f}"`, for printing figures exactly as sacrebleu does. JavaScript's toFixed rounds an
 * exact tie up (0.125 → "0.13"); Python rounds it to even (→ "0.12"). Only values whose binary expansion ends
 * exactly at a 5 one place past the last digit are ties, so those are the only ones corrected.
 */
export function pyFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return rounded;
  // toFixed(100) is the exact decimal expansion for every double that can be a tie at ≤ 20 digits.
  const exact = Math.abs(x).toFixed(100);
  const point = exact.indexOf(".");
  if (!/^50*$/.test(exact.slice(point + 1 + digits))) return rounded;
  const truncated = digits === 0 ? exact.slice(0, point) : exact.slice(0, point + 1 + digits);
  if (Number(truncated[truncated.length - 1]) % 2 !== 0) return rounded;
  return (x < 0 ? "-" : "") + truncated;
}
