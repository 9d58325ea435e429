import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "../core/errors/userError";
import type { ModelSpec } from "../core/registry/modelSpec";
import { parseUserEntries } from "../core/registry/userEntries";

/** Reads `--models-file`: a JSON array of user model entries; relative paths are relative to the file. */
export function loadModelsFile(file: string): ModelSpec[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserError(`Cannot read models file ${file}: ${(error as Error).message}. It must be a JSON array of {"name", "path" | "uri"} objects.`, file);
  }
  return parseUserEntries(json, file, dirname(file));
}
