/**
 * Mean and sample standard deviation (n − 1 in the denominator) of the values that are numbers; the sd is
 * undefined for fewer than two values, the mean for none.
 */
export function meanSd(values: ReadonlyArray<number | undefined>): { mean?: number; sd?: number; n: number } {
  const xs = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (xs.length === 0) return { n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean, n: xs.length };
  const squares = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (xs.length - 1)), n: xs.length };
}
