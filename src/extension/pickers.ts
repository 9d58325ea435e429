import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import { isOutputFile } from "../core/results/paths";
import { describeLora } from "../core/registry/lora";
import { TIERS, type ModelSpec, type Tier } from "../core/registry/modelSpec";
import { sourceText } from "../core/registry/sourceText";
import type { FitReport } from "../core/engine/engine";

const CSV_CHOICES_KEY = "promptBench.csvForPrompt";
const LAST_MODELS_KEY = "promptBench.lastModels";

interface CsvItem extends vscode.QuickPickItem {
  file?: string;
}

/** The CSV last used with this prompt file (workspace state), if any. */
export function rememberedCsv(state: vscode.Memento, promptFile: string): string | undefined {
  return state.get<Record<string, string>>(CSV_CHOICES_KEY, {})[promptFile];
}

export async function rememberCsv(state: vscode.Memento, promptFile: string, csvFile: string): Promise<void> {
  const choices = { ...state.get<Record<string, string>>(CSV_CHOICES_KEY, {}), [promptFile]: csvFile };
  await state.update(CSV_CHOICES_KEY, choices);
}

/**
 * Quick pick of the workspace's CSVs (Prompt Bench's own `*.results.csv` / `*.metrics.csv` left out), the one
 * last used with this prompt first, plus "Browse…". Returns undefined when dismissed.
 */
export async function pickCsv(state: vscode.Memento, promptFile: string): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles("**/*.csv", "**/node_modules/**", 5000);
  const files = found.map((u) => u.fsPath).filter((f) => !isOutputFile(f));
  const last = rememberedCsv(state, promptFile);
  files.sort((a, b) => (a === last ? -1 : b === last ? 1 : a.localeCompare(b)));
  if (last && !files.includes(last)) {
    // Remembered from outside the workspace (via Browse…): offer it first if it still exists.
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(last));
      files.unshift(last);
    } catch {
      // gone; forget silently
    }
  }
  const items: CsvItem[] = files.map((file) => ({
    label: `$(table) ${basename(file)}`,
    description: [folderOf(file), file === last ? "last used" : ""].filter(Boolean).join(" · "),
    file,
  }));
  items.push({ label: "$(folder-opened) Browse…", description: "a CSV outside the workspace" });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Prompt Bench: dataset for ${basename(promptFile)}`,
    placeHolder: files.length ? "Pick the CSV to run the prompt over (the columns the prompt reads plus target columns)" : "No CSV in this workspace; browse for one",
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.file) return picked.file;
  const chosen = await vscode.window.showOpenDialog({
    title: "Prompt Bench: pick a CSV dataset",
    canSelectMany: false,
    filters: { CSV: ["csv", "tsv", "txt"] },
  });
  return chosen?.[0]?.fsPath;
}

/** Where a CSV lives, for the picker: its folder relative to the workspace ("" at the root), else absolute. */
function folderOf(file: string): string {
  const relative = vscode.workspace.asRelativePath(file, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  if (relative === file) return dirname(file);
  const dir = dirname(relative);
  return dir === "." ? "" : dir;
}

interface ModelItem extends vscode.QuickPickItem {
  spec?: ModelSpec;
}

const TIER_LABELS: Record<Tier, string> = {
  "3b": "3B · small",
  "7b": "7B · medium",
  "30b": "30B · large",
  "70b": "70B · very large",
  thinking: "Thinking models",
  custom: "Custom (setting promptBench.models)",
};

/** Model source as shown in the picker: the `hf:` URI or the file path. */
export function describeModelSource(spec: ModelSpec): string {
  const base = sourceText(spec.source);
  return spec.lora?.length ? `${base} + LoRA ${describeLora(spec.lora)}` : base;
}

/** The picker's detail line: whether the model fits this machine (when known), then where it comes from. */
export function modelDetail(spec: ModelSpec, fit: FitReport | undefined): string {
  if (!fit) return describeModelSource(spec);
  return `${fit.fits ? "$(pass)" : "$(warning)"} ${fit.reason} · ${describeModelSource(spec)}`;
}

/**
 * Multi-select of the catalog (registry models, user entries replacing same-named ones, then the other user
 * entries), grouped by tier with separators; the models picked last time are preselected; each item's detail says
 * whether it fits this machine (`fitOf`: the engine's check). Returns undefined when dismissed.
 */
export async function pickModels(
  state: vscode.Memento,
  catalog: readonly ModelSpec[],
  userNames: ReadonlySet<string>,
  fitOf: (spec: ModelSpec) => Promise<FitReport | undefined> = async () => undefined,
): Promise<ModelSpec[] | undefined> {
  const last = new Set(state.get<string[]>(LAST_MODELS_KEY, []));
  // A promise of the items: the picker shows as busy while the fit checks read the GGUF headers.
  const items = (async (): Promise<ModelItem[]> => {
    const out: ModelItem[] = [];
    for (const tier of TIERS) {
      const specs = catalog.filter((s) => s.tier === tier);
      if (specs.length === 0) continue;
      out.push({ label: TIER_LABELS[tier], kind: vscode.QuickPickItemKind.Separator });
      for (const spec of specs) {
        // A check that fails (unreadable file) only loses the fit line, never the picker.
        const fit = await fitOf(spec).catch(() => undefined);
        out.push({
          label: spec.name,
          description: userNames.has(spec.name) ? "from settings" : undefined,
          detail: modelDetail(spec, fit),
          picked: last.has(spec.name),
          spec,
        });
      }
    }
    return out;
  })();
  const picked = await vscode.window.showQuickPick(items, {
    title: "Prompt Bench: models to benchmark",
    placeHolder: "Pick models (registry models are downloaded on first use)",
    canPickMany: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const specs = picked.flatMap((i) => (i.spec ? [i.spec] : []));
  if (specs.length > 0) await state.update(LAST_MODELS_KEY, specs.map((s) => s.name));
  return specs;
}
