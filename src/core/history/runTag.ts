import { UserError } from "../errors/userError";

/** A name for one run (`prompt-bench tag RUN baseline`), usable wherever a run is named. */
export interface RunTag {
  name: string;
  runId: string;
  /** ISO 8601: when the tag was set or last moved. */
  taggedAt: string;
}

/**
 * Tag names start with a letter (run ids start with their start time's digits, so a tag never reads as an id
 * prefix) and hold letters, digits, `.`, `_`, `-`; `latest` is taken (it always means the newest run).
 */
export function checkTagName(name: string): string {
  if (name === "latest") throw new UserError(`"latest" always names the newest run and cannot be a tag. Choose another name (e.g. baseline).`);
  if (!/^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new UserError(`"${name}" cannot be a tag name: use a letter first, then letters, digits, ".", "_" or "-" (at most 64), e.g. baseline or v2-prompt.`);
  }
  return name;
}
