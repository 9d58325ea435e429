import { PromptError } from "../errors/promptError";
import { checkTemplate } from "./render";

/** A template cut once into literal text and `{column}` placeholders. */
export type TemplatePart = { kind: "text"; text: string } | { kind: "field"; name: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** The columns the template reads, in order of first use: the run's inputs (never targets). */
  inputs: string[];
}

/** A name that looks like an identifier (letters of any script, digits, `_`): always a placeholder. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * Parses a prompt template. `{name}` is a placeholder when name looks like an identifier, or when it is exactly
 * one of `columns` and holds no quote, brace or line break and no outer spaces (so `{first date}` works, while a
 * JSON example such as `{"city": "..."}` or `{ source }` never counts). `{{` and `}}` write `{` and `}`; a `}`
 * that closes a plain `{` stays as it is, so JSON examples written with single braces (as before) are unchanged,
 * `{"a": {"b": 1}}` included. An identifier that is not a column is an error naming the columns, so is a template
 * without any placeholder (the old message). Without `columns` (no CSV yet) every plain name counts and none is
 * checked: that only tells whether the template has a placeholder at all.
 */
export function parseTemplate(template: string, file: string, columns?: readonly string[], csvFile?: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const stack: Array<"plain" | "escaped"> = [];
  let text = "";
  const flush = (): void => {
    if (text !== "") parts.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < template.length; ) {
    const c = template[i]!;
    const next = template[i + 1];
    if (c === "{") {
      if (next === "{") {
        stack.push("escaped");
        text += "{";
        i += 2;
        continue;
      }
      const close = template.indexOf("}", i + 1);
      const name = close < 0 ? undefined : template.slice(i + 1, close);
      if (name !== undefined && isPlaceholder(name, columns)) {
        if (columns && !columns.includes(name)) throw unknownPlaceholder(template, i, name, file, columns, csvFile);
        flush();
        parts.push({ kind: "field", name });
        i = close + 1;
        continue;
      }
      stack.push("plain");
      text += "{";
      i++;
      continue;
    }
    if (c === "}") {
      const top = stack.at(-1);
      if (top === "plain") {
        stack.pop();
        i++;
      } else if (next === "}") {
        if (top === "escaped") stack.pop();
        i += 2;
      } else {
        i++;
      }
      text += "}";
      continue;
    }
    text += c;
    i++;
  }
  flush();
  const inputs = [...new Set(parts.flatMap((p) => (p.kind === "field" ? [p.name] : [])))];
  if (inputs.length === 0) {
    checkTemplate(template, file); // the old message (it may point at a near miss like `{ source }`)
    throw noPlaceholder(file);
  }
  return { parts, inputs };
}

/** The prompt for one row: `value(column)` put where each placeholder is (no String.replace: `$&` stays literal). */
export function renderTemplate(parsed: ParsedTemplate, value: (column: string) => string): string {
  let out = "";
  for (const part of parsed.parts) out += part.kind === "text" ? part.text : value(part.name);
  return out;
}

/** The text before the first placeholder (the part shared by every row's prompt, for prompt caching). */
export function templatePrefix(parsed: ParsedTemplate): string {
  const first = parsed.parts[0];
  return first?.kind === "text" ? first.text : "";
}

function isPlaceholder(name: string, columns: readonly string[] | undefined): boolean {
  if (IDENTIFIER.test(name)) return true;
  const plain = name !== "" && name.trim() === name && !/["{}\r\n]/.test(name);
  // Without the CSV's columns, any plain name may be one (only used to check that some placeholder exists).
  return plain && (columns === undefined || columns.includes(name));
}

function unknownPlaceholder(template: string, at: number, name: string, file: string, columns: readonly string[], csvFile?: string): PromptError {
  const line = template.slice(0, at).split("\n").length;
  const near = columns.find((c) => c.toLowerCase() === name.toLowerCase());
  const hint = near ? ` Did you mean {${near}}? Column names are case-sensitive.` : "";
  return new PromptError(
    `${file}, line ${line}: the placeholder {${name}} is not a column of ${csvFile ?? "the CSV"}. ` +
      `Columns: ${columns.map((c) => JSON.stringify(c)).join(", ")}.${hint} ` +
      `Use one of them, or write {{${name}}} to keep the braces as text.`,
    file,
    line,
  );
}

function noPlaceholder(file: string): PromptError {
  return new PromptError(`${file} has no placeholder such as {source}, so every row would get the same prompt.`, file);
}
