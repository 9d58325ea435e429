import { GateSyntaxError } from "../errors/gateSyntaxError";

/** One gate split into its parts, before its name and operator are checked against a gate kind. */
export interface GateParts {
  /** The gate as written (trimmed), for messages. */
  text: string;
  /** undefined: every model / field (also for `*`). */
  model?: string;
  field?: string;
  /** The metric or measure name as written. */
  name: string;
  op: string;
  threshold: number;
  /** The number ended with `%`. */
  percent: boolean;
}

const OPERATOR = /<=|>=|<|>|=/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Splits a comma list of gates: `[MODEL:[FIELD:]]NAME OP NUMBER[%]`, e.g. `qwen-7b:name:chrf++<-1`. */
export function splitGates(list: string): GateParts[] {
  const items = list.split(",").map((item) => item.trim());
  if (items.every((item) => item === "")) throw new GateSyntaxError(`no gates in "${list}"; write e.g. chrf++<-1,validity<-2%`, list);
  return items.map((item) => {
    if (item === "") throw new GateSyntaxError(`empty gate in "${list}" (two commas in a row, or a comma at the end)`, item);
    return gateParts(item);
  });
}

function gateParts(text: string): GateParts {
  const op = OPERATOR.exec(text);
  if (!op) throw new GateSyntaxError(`"${text}" has no comparison: write NAME<NUMBER or NAME>NUMBER, e.g. chrf++<-1`, text);
  const left = text.slice(0, op.index).trim();
  const right = text.slice(op.index + op[0].length).trim();
  const percent = right.endsWith("%");
  const number = percent ? right.slice(0, -1).trim() : right;
  if (!NUMBER.test(number)) throw new GateSyntaxError(`"${text}": "${right}" is not a number (write e.g. -1, +20%, 0.5)`, text);
  const scope = left.split(":").map((part) => part.trim());
  if (scope.length > 3 || scope.some((part) => part === "")) {
    throw new GateSyntaxError(`"${text}": "${left}" is not NAME, MODEL:NAME or MODEL:FIELD:NAME (use * for every model or field)`, text);
  }
  const name = scope.pop()!;
  const [model, field] = scope.map((part) => (part === "*" ? undefined : part));
  return { text, model, field, name, op: op[0], threshold: Number(number), percent };
}
