import { ConfigError } from "../errors/configError";
import { GateSyntaxError } from "../errors/gateSyntaxError";
import { parseDeltaGates } from "../gates/deltaGate";
import { parseMinGates } from "../gates/minGate";
import { configSchema, type PromptBenchConfig } from "./configSchema";
import { jsonErrorOffset, lineAndColumn } from "./jsonErrorOffset";

export const CONFIG_FILE_NAME = "prompt-bench.config.json";

/** Reads a config file's text: JSON syntax, the schema, and the gate lists; every error names `file`. */
export function parseConfig(text: string, file: string): PromptBenchConfig {
  const json = parseJson(text.replace(/^\uFEFF/, ""), file);
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const at = issue.path.join(".");
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((key) => (at ? `${at}.${key}` : key));
        return `unknown key ${keys.map((k) => `"${k}"`).join(", ")} (${at ? `in "${at}" ` : ""}valid: ${validKeys(at)})`;
      }
      return `${at || "the file"}: ${issue.message}`;
    });
    throw new ConfigError(`${file}: ${problems.join("; ")}. ${HINT}`, file);
  }
  const gates = parsed.data.gates;
  gateList(gates?.failOn, "gates.failOn", file, parseDeltaGates);
  gateList(gates?.min, "gates.min", file, parseMinGates);
  return parsed.data;
}

const HINT = `Expected e.g. { "gates": { "failOn": "chrf++<-1,validity<-2%", "significantOnly": true, "min": "exact_match>=80" } }.`;

function validKeys(at: string): string {
  return at === "gates" ? "failOn, significantOnly, min" : "$schema, gates";
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const where = offset === undefined ? undefined : lineAndColumn(text, offset);
    const at = where ? ` at line ${where.line}, column ${where.column}` : "";
    throw new ConfigError(`${file}: not valid JSON${at} (${(error as Error).message}). ${HINT}`, file, where?.line);
  }
}

function gateList(text: string | undefined, key: string, file: string, parse: (text: string) => unknown): void {
  if (text === undefined) return;
  try {
    parse(text);
  } catch (error) {
    if (error instanceof GateSyntaxError) throw new ConfigError(`${file}: ${key}: ${error.message}`, file);
    throw error;
  }
}
