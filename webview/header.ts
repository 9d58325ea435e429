// Header (title, run files) and run progress; re-rendered on their own so progress does not disturb the tabs.
import type { ProgressMessage } from "../src/shared/protocol";
import { el, fileLink, isNum } from "./dom";
import { panel, type ModelProgress } from "./state";

export const header = el("header");
export const progressBox = el("section", { className: "progress-box", testId: "progress-box" });

export function renderHeader(): void {
  const results = panel.state.results;
  const children: Node[] = [el("h1", { text: "Prompt Bench results" })];
  if (results) {
    const list = el("dl", { className: "run", testId: "run" });
    const entries: [string, string | undefined, string][] = [
      ["Prompt", results.run.promptFile, "prompt"],
      ["Dataset", results.run.csvFile, "csv"],
      ["Results CSV", results.run.outputFile, "output"],
      ["Metrics CSV", results.run.metricsFile, "metrics"],
    ];
    for (const [label, path, id] of entries) {
      if (!path) continue;
      list.append(el("dt", { text: label }), el("dd", { testId: `run-${id}` }, fileLink(path)));
    }
    children.push(list);
    if (results.cancelled) {
      children.push(el("p", { className: "notice", testId: "cancelled", text: "The run was cancelled; the metrics cover the rows that finished. Run it again to resume." }));
    }
  } else {
    children.push(el("p", { className: "muted", text: "No results yet. Run “Prompt Bench: Benchmark this prompt” on a prompt file." }));
  }
  header.replaceChildren(...children);
}

export function renderProgress(): void {
  const progress = panel.state.progress;
  if (!progress) {
    progressBox.hidden = true;
    progressBox.replaceChildren();
    return;
  }
  progressBox.hidden = false;
  const prefix = { running: "Running: ", done: "", cancelled: "", failed: "Failed: " }[progress.state];
  const line = el("p", { className: `progress ${progress.state}`, testId: "progress", text: prefix + progress.message });
  const models = panel.state.models ?? [];
  const children: Node[] = [line];
  if (models.length > 0) {
    const table = el("table", { className: "progress-models", testId: "progress-models" });
    for (const m of models) {
      const bar = el("progress");
      bar.max = Math.max(1, m.rowsTotal);
      bar.value = Math.min(m.rowsDone, m.rowsTotal);
      const tr = el(
        "tr",
        { testId: "progress-model" },
        el("td", { className: "name", text: m.model }),
        el("td", {}, bar),
        el("td", { className: "num", text: `${m.rowsDone}/${m.rowsTotal}` }),
        el("td", { className: "num muted", text: isNum(m.tokensPerSec) ? `${m.tokensPerSec.toFixed(1)} tok/s` : "" }),
      );
      tr.dataset.model = m.model;
      table.append(tr);
    }
    children.push(table);
  }
  progressBox.replaceChildren(...children);
}

export function trackProgress(message: ProgressMessage): void {
  if (message.model === undefined || message.rowsTotal === undefined) return;
  const models = (panel.state.models ?? []).filter((m) => m.model !== message.model);
  const entry: ModelProgress = {
    model: message.model,
    index: message.modelIndex ?? 0,
    rowsDone: message.rowsDone ?? 0,
    rowsTotal: message.rowsTotal,
    tokensPerSec: message.tokensPerSec,
  };
  panel.state.models = [...models, entry].sort((a, b) => a.index - b.index);
}
