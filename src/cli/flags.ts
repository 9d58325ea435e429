import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usageError";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node's parseArgs, strict, with its errors turned into usage errors (exit 2). */
export function parseFlags<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
  return value as T;
}

export function number(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, not "${text}"`);
  return n;
}

export function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, not "${text}"`);
  return n;
}
