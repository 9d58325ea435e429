/** Model names go into column names (`pred_<name>_<field>`, `raw_<name>__<fact>`), hence the narrow alphabet. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why `name` is not a usable model name, or undefined when it is. */
export function modelNameProblem(name: string): string | undefined {
  if (!MODEL_NAME_PATTERN.test(name)) {
    return `name ${JSON.stringify(name)} must start with a letter or digit and use only letters, digits, ".", "_" and "-"`;
  }
  if (name.includes("__")) return `name ${JSON.stringify(name)} must not contain "__" (it separates parts of column names)`;
  return undefined;
}

/** A valid model name derived from a file stem: other characters become "-", "__" collapses to "_". */
export function sanitizeModelName(stem: string): string {
  const name = stem
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/_{2,}/g, "_")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "");
  return name === "" ? "model" : name;
}
