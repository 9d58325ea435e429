// DOM and number-formatting helpers. Everything shown comes from CSV cells and model output, so nodes are built
// with createElement + textContent only (never innerHTML).
import { vscode } from "./state";

export const DASH = "—";
export const isNum = (v: number | null | undefined): v is number => v !== undefined && v !== null && Number.isFinite(v);
export const fixed = (digits: number) => (v: number | null | undefined) => (isNum(v) ? v.toFixed(digits) : DASH);
export const int = (v: number | null | undefined): string => (isNum(v) ? Math.round(v).toLocaleString("en-US") : DASH);

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { text?: string; className?: string; testId?: string; title?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.text !== undefined) node.textContent = options.text;
  if (options.className) node.className = options.className;
  if (options.testId) node.dataset.testid = options.testId;
  if (options.title) node.title = options.title;
  for (const child of children) node.append(child);
  return node;
}

/** A toolkit element (a custom element), created through the DOM like the rest. */
export function tk(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function fileLink(path: string, line?: number, text?: string): HTMLButtonElement {
  const button = el("button", { className: "link", text: text ?? fileName(path), title: line ? `${path}:${line}` : path });
  button.type = "button";
  button.addEventListener("click", () => vscode.postMessage({ type: "openFile", path, ...(line ? { line } : {}) }));
  return button;
}
