import { isUserError } from "../core/errors/userError";
import { HELP } from "./help";
import { runCommand } from "./runCommand";
import { modelsCommand } from "./modelsCommand";
import { scoreCommand } from "./scoreCommand";
import { serveCommand } from "./serveCommand";
import { UsageError } from "./usageError";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === "run") return runCommand(rest);
  if (command === "score") return scoreCommand(rest);
  if (command === "models") return modelsCommand(rest);
  if (command === "serve") return serveCommand(rest);
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`prompt-bench: ${error.message}\nRun "prompt-bench --help" for usage.\n`);
      process.exitCode = 2;
    } else if (isUserError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`prompt-bench failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
