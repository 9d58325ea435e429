/**
 * How far the rounds agree on one row's answer: the share of rounds that gave the modal (most frequent) answer.
 * Answers are compared exactly after trimming; a blank answer is an answer like any other (a model blank in every
 * round agrees with itself). 1 = every round the same; 1/N = all N rounds different.
 */
export function agreement(answers: readonly string[]): { modal: string; share: number } {
  if (answers.length === 0) return { modal: "", share: 0 };
  const counts = new Map<string, number>();
  let modal = answers[0]!.trim();
  for (const answer of answers) {
    const key = answer.trim();
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    // Ties keep the answer of the earliest round that reached the count first.
    if (count > (counts.get(modal) ?? 0)) modal = key;
  }
  return { modal, share: (counts.get(modal) ?? 0) / answers.length };
}
