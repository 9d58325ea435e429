import { PromptError } from "../errors/promptError";

export const PLACEHOLDER = "{source}";

/** Near misses that look like a placeholder but are not replaced (wrong case, inner spaces). */
const NEAR_MISS = /\{\s*source\s*\}/i;

/** Throws a PromptError unless the template contains `{source}` exactly. */
export function checkTemplate(template: string, file: string): void {
  if (template.includes(PLACEHOLDER)) return;
  const near = NEAR_MISS.exec(template)?.[0];
  const found = near ? ` It contains ${near}, but the placeholder must be written exactly {source} (lower case, no spaces).` : "";
  throw new PromptError(
    `${file} has no {source} placeholder, so every row would get the same prompt.${found} ` +
      `Put {source} where each row's text should go, for example:\n\nExtract the fields as JSON.\n\nText:\n{source}`,
    file,
  );
}

/**
 * Replaces every `{source}` with the row's text and leaves all other braces alone (JSON examples, `{{x}}`,
 * `{ source }`). Split/join rather than String.replace, so `$&`, `$1` or `$$` in the source stay literal.
 */
export function renderPrompt(template: string, source: string): string {
  return template.split(PLACEHOLDER).join(source);
}
