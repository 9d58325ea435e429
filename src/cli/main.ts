import { auditCommand } from "./auditCommand";
import { compareCommand } from "./compareCommand";
import { HELP } from "./help";
import { historyCommand } from "./historyCommand";
import { reportFailure } from "./failure";
import { rerunCommand } from "./rerunCommand";
import { runCommand } from "./runCommand";
import { modelsCommand } from "./modelsCommand";
import { scoreCommand } from "./scoreCommand";
import { serveCommand } from "./serveCommand";
import { tagCommand } from "./tagCommand";
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
  if (command === "history") return historyCommand(rest);
  if (command === "rerun") return rerunCommand(rest);
  if (command === "audit") return auditCommand(rest);
  if (command === "compare") return compareCommand(rest);
  if (command === "tag") return tagCommand(rest);
  throw new UsageError(`unknown command "${command}"`);
}

// --verbose is global: taken out before a command parses its flags, so every command accepts it.
const argv = process.argv.slice(2);
const verbose = argv.includes("--verbose");
const fail = (error: unknown): number => reportFailure(error, process.stderr, verbose);

// An error thrown outside the command's promise (an event handler) is reported the same way.
process.on("uncaughtException", (error) => process.exit(fail(error)));
// `prompt-bench models | head`: a closed pipe ends the output, it is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.exit(fail(error));
});

main(argv.filter((arg) => arg !== "--verbose")).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = fail(error);
  },
);
