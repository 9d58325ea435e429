import { closeSync, fsyncSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { OutputPathError } from "../errors/outputPathError";
import { guardWrite } from "../fs/guardWrite";
import { defaultOutputPaths, metricsPathFor } from "./paths";

/** The paths of a run: what it reads and what it writes (RunOptions' fields, plus the CLI's --log). */
export interface RunPaths {
  csvFile: string;
  promptFile?: string;
  outputFile: string;
  metricsFile: string;
  logFile?: string;
  /** Re-scoring: the results CSV is read and may be written back in place (output == csv is allowed). */
  skipInference?: boolean;
  skipMetrics?: boolean;
}

/** What sameFile asks of the file system; injectable, since a case-insensitive one cannot be made on Linux. */
export interface FileIdentity {
  /** Device and inode of what `path` names now (links followed), or undefined when nothing is there. */
  identify(path: string): { dev: bigint; ino: bigint } | undefined;
}

export const diskIdentity: FileIdentity = {
  identify(path) {
    try {
      const stat = statSync(path, { bigint: true });
      return { dev: stat.dev, ino: stat.ino };
    } catch {
      return undefined;
    }
  },
};

/**
 * Whether two paths name one file: by device and inode when both exist (so through symlinks, hard links and a
 * case-insensitive file system, where the other spelling finds the same inode), else by folder identity and
 * name. Two names that exist nowhere yet count as the same when they differ only in case: on macOS or Windows
 * they would become one file.
 */
export function sameFile(a: string, b: string, fs: FileIdentity = diskIdentity): boolean {
  const pathA = resolve(a);
  const pathB = resolve(b);
  if (pathA === pathB) return true;
  const idA = fs.identify(pathA);
  const idB = fs.identify(pathB);
  if (idA && idB) {
    // Some file systems (FAT on Windows) report no inode numbers: fall back to the names.
    if (idA.ino === 0n && idB.ino === 0n) return folded(pathA) === folded(pathB);
    return idA.dev === idB.dev && idA.ino === idB.ino;
  }
  if (idA || idB) return false;
  const folderA = fs.identify(dirname(pathA));
  const folderB = fs.identify(dirname(pathB));
  const sameFolder = folderA && folderB ? folderA.dev === folderB.dev && folderA.ino === folderB.ino : folded(dirname(pathA)) === folded(dirname(pathB));
  return sameFolder && folded(basename(pathA)) === folded(basename(pathB));
}

function folded(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

interface NamedPath {
  file: string;
  what: string;
  flag: string;
  /** A path to offer instead. */
  instead: string;
}

/**
 * Refuses, before anything is read or written, an output (results, metrics, log) that is an input (the CSV, the
 * prompt) or another output, and an output that is a folder or not a regular file. Writes nothing.
 */
export function checkOutputPaths(paths: RunPaths, fs: FileIdentity = diskIdentity, only?: "log"): void {
  const inputs: NamedPath[] = [{ file: paths.csvFile, what: "input CSV", flag: "--csv", instead: "" }];
  if (paths.promptFile) inputs.push({ file: paths.promptFile, what: "prompt file", flag: "--prompt", instead: "" });
  const outputs = outputsOf(paths);
  for (const [at, output] of outputs.entries()) {
    // The log is checked (and opened) first, so that the other checks' failures are logged; it comes last in outputs.
    if (only === "log" && output.what !== "log file") continue;
    for (const input of inputs) {
      // Re-scoring reads a results CSV and writes it back: that file is a results file, not a dataset.
      if (paths.skipInference && output.what === "results file" && input.what === "input CSV") continue;
      if (sameFile(output.file, input.file, fs)) {
        throw new OutputPathError(
          `The ${output.what} ${output.file} is the ${input.what} ${input.file}${alias(output.file, input.file)}: writing it would ` +
            `overwrite the ${input.what}. Nothing was written. Choose another path, e.g. ${output.flag} ${output.instead}.`,
          input.file,
        );
      }
    }
    for (const other of outputs.slice(0, at)) {
      if (sameFile(output.file, other.file, fs)) {
        throw new OutputPathError(
          `The ${output.what} ${output.file} and the ${other.what} ${other.file} are the same file${alias(output.file, other.file)}: ` +
            `one would overwrite the other. Nothing was written. Choose another path, e.g. ${output.flag} ${output.instead}.`,
          output.file,
        );
      }
    }
    refuseNonFile(output);
  }
}

/**
 * Just before the run writes anything: checks each output's folder exists and is writable, by creating and
 * removing a probe file there, so a missing, read-only or full folder is refused before any inference.
 */
export function checkOutputFolders(paths: RunPaths, only?: "log"): void {
  const seen = new Set<string>();
  // Re-scoring writes only the metrics (and the results CSV only when a journal has rows to fold in).
  const outputs = outputsOf(paths).filter((o) => !(paths.skipInference && o.what === "results file") && (only !== "log" || o.what === "log file"));
  for (const output of outputs) {
    const folder = dirname(resolve(output.file));
    if (seen.has(folder)) continue;
    seen.add(folder);
    const stat = statSync(folder, { throwIfNoEntry: false });
    if (stat === undefined || !stat.isDirectory()) {
      throw new OutputPathError(
        `The folder ${folder} of the ${output.what} ${output.file} ${stat ? "is not a folder" : "does not exist"}. ` +
          `Create it first (mkdir -p "${folder}"), or choose another path with ${output.flag}. Nothing was run yet.`,
        output.file,
      );
    }
    const probe = join(folder, `.prompt-bench-write-check-${process.pid}.tmp`);
    guardWrite(
      output.file,
      () => {
        try {
          const fd = openSync(probe, "w");
          try {
            writeSync(fd, "ok");
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
        } finally {
          rmSync(probe, { force: true });
        }
      },
      "Nothing was run yet.",
    );
  }
}

function outputsOf(paths: RunPaths): NamedPath[] {
  const stem = join(dirname(resolve(paths.csvFile)), basename(paths.csvFile, extname(paths.csvFile)));
  const resultsInstead = paths.promptFile ? defaultOutputPaths(resolve(paths.csvFile), paths.promptFile).outputFile : `${stem}.results.csv`;
  const outputs: NamedPath[] = [{ file: paths.outputFile, what: "results file", flag: "--output", instead: resultsInstead }];
  if (!paths.skipMetrics) outputs.push({ file: paths.metricsFile, what: "metrics file", flag: "--metrics", instead: metricsPathFor(resolve(paths.outputFile)) });
  if (paths.logFile) outputs.push({ file: paths.logFile, what: "log file", flag: "--log", instead: `${stem}.log` });
  return outputs;
}

function alias(a: string, b: string): string {
  return resolve(a) === resolve(b) ? "" : " (the same file under another name: a link, or a name differing only in case)";
}

/** The results and metrics files are replaced by rename: a folder, device or pipe there cannot be. The log is appended to, so a device is fine. */
function refuseNonFile(output: NamedPath): void {
  let stat;
  try {
    stat = statSync(output.file, { throwIfNoEntry: false });
  } catch {
    return; // e.g. a file where a folder should be: checkOutputFolders names it
  }
  if (stat === undefined || stat.isFile()) return;
  if (stat.isDirectory()) {
    throw new OutputPathError(
      `The ${output.what} ${output.file} is a folder. Give the path of a file, e.g. ${output.flag} ${join(output.file, basename(output.instead))}.`,
      output.file,
    );
  }
  if (output.what === "log file") return;
  throw new OutputPathError(
    `The ${output.what} ${output.file} is not a regular file (a device, pipe or socket); it is written by replacing the file. ` +
      `Give the path of a regular file, e.g. ${output.flag} ${output.instead}.`,
    output.file,
  );
}
