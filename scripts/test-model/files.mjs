// Shared by the test-model generators: atomic writes, "make sure the file holds these bytes", and the CLI entry.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Temp file + rename: concurrent writers and readers never see half a file. */
export function writeAtomically(target, bytes) {
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, target);
  return target;
}

/** Returns outPath's absolute path after making sure it holds `bytes` (a stale file from an older generator is replaced). */
export function ensureFile(outPath, bytes) {
  const target = resolve(outPath);
  if (existsSync(target) && readFileSync(target).equals(bytes)) return target;
  return writeAtomically(target, bytes);
}

/** Runs `write(parse(argv))` when the generator is started as a script; bad arguments exit 2 with the usage. */
export function runAsScript(moduleUrl, name, usage, parse, write) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  try {
    const { outPath, options } = parse(process.argv.slice(2));
    console.log(`wrote ${write(outPath, options)}`);
  } catch (error) {
    console.error(`${name}: ${error.message}`);
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
}
