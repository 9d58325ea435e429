/**
 * How far the rounds agree on one row's answer: the share of rounds that gave the modal (most frequent) answer.
 * Answers are compared exactly after trimming; a blank answer is an answer like any other (a model blank in every
 * round agrees with itself). A tie names the answer that came first, as the majority ensemble does.
 * 1 = every round the same; 1/N = all N rounds different.
 */
export function agreement(answers: readonly string[]): { modal: string; share: number } {
  if (answers.length === 0) return { modal: "", share: 0 };
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer.trim(), (counts.get(answer.trim()) ?? 0) + 1);
  let modal = answers[0]!.trim();
  // Map order is first occurrence: a strict > keeps the earlier of two equally frequent answers.
  for (const [value, count] of counts) if (count > counts.get(modal)!) modal = value;
  return { modal, share: counts.get(modal)! / answers.length };
}
