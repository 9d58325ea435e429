// Shared by the runner, the CLI, the extension and the results panel (plain strings, no imports).

/** Skip reasons of models whose file cannot be loaded start with this (meta.json, metrics CSV `skipped`, panel). */
export const CANNOT_LOAD = "cannot load: ";

export function isLoadFailureSkip(reason: string | undefined): boolean {
  return reason?.startsWith(CANNOT_LOAD) ?? false;
}

/** What makes a rerun run a skipped model's rows, to be followed by "to run them": more memory, or a fixed file. */
export function skipAdvice(reason: string | undefined): string {
  return isLoadFailureSkip(reason) ? "fix or replace the model file as the reason says, then rerun" : "rerun with more free memory";
}
