import type { RunEvent } from "../core/runner/events";
import { isLoadFailureSkip, skipAdvice } from "../shared/skipAdvice";

/** The models this run skipped (does not fit, cannot load), with the reason, from the run's events. */
export function skipCollector(): { skips: Map<string, string>; listen: (event: RunEvent) => void } {
  const skips = new Map<string, string>();
  return {
    skips,
    listen: (event) => {
      if (event.type !== "model-done") return;
      if (event.skipped && event.reason && event.reason !== "already complete") skips.set(event.model, event.reason);
      else skips.delete(event.model);
    },
  };
}

/** One summary line per skipped model: its reason and what makes a rerun run its rows. */
export function skipLines(skips: ReadonlyMap<string, string>): string[] {
  return [...skips].map(([model, reason]) => `skipped ${model}: ${reason.replace(/\.$/, "")}; its rows stay empty (${skipAdvice(reason)} to run them)\n`);
}

/**
 * 1 when no selected model ran because every one was skipped and at least one of them cannot load (a broken file
 * CI must notice); 0 otherwise: a run where some model ran lists the skips, and models skipped only for memory
 * resume on a bigger machine.
 */
export function skipExitStatus(selected: readonly string[], skips: ReadonlyMap<string, string>): 0 | 1 {
  if (selected.length === 0 || !selected.every((model) => skips.has(model))) return 0;
  return selected.some((model) => isLoadFailureSkip(skips.get(model))) ? 1 : 0;
}

/** The message for exit status 1 from skipExitStatus (the skip lines above it give each reason). */
export function noModelRanMessage(selected: readonly string[]): string {
  return `error: no model ran: every selected model was skipped (${selected.join(", ")}); fix or replace the model files as the reasons above say, then rerun\n`;
}
