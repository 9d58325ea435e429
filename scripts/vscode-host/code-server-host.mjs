#!/usr/bin/env node
// A stand-in for a VS Code executable, for @vscode/test-electron's
// `runTests({ vscodeExecutablePath })`: it runs the extension tests inside the
// Node extension host of code-server (VS Code for the web + a VS Code server),
// driven by headless Chromium. Works offline once scripts/setup-vscode-host.sh
// has installed Node 24, code-server and chromium.
//
// Accepted arguments (what runTests passes):
//   --extensionDevelopmentPath=PATH   (repeatable)
//   --extensionTestsPath=PATH         (a module exporting run(): Promise<void>)
//   PATH                              a folder, or a *.code-workspace file, to open
//   --disable-workspace-trust         passed on to code-server
//   --version                         prints the bundled VS Code version
// Ignored (desktop-only or replaced by fresh temp folders): --user-data-dir,
//   --extensions-dir, --no-sandbox, --disable-gpu-sandbox, --disable-updates,
//   --skip-welcome, --skip-release-notes, --disable-extensions, ...
//
// Exit code: the extension test run's (0 = all passed), 124 on timeout,
// 1 on any harness error, or when the extension host was killed/crashed (VS Code
// web then reports exit code 0, so the launcher checks code-server's log).
//
// Environment:
//   VSCODE_HOST_CACHE       install folder (default <repo>/.cache/vscode-host)
//   VSCODE_HOST_TIMEOUT_S   overall timeout in seconds (default 600)
//   VSCODE_HOST_STARTUP_TIMEOUT_S  fail when the workbench has not entered test mode by then (default 90)
//   VSCODE_HOST_CHROMIUM    browser binary (default /usr/bin/chromium)
//   VSCODE_HOST_VERBOSE=1   stream code-server's own output and all browser console messages
//   VSCODE_HOST_KEEP_TMP=1  keep the temp folder (user data, logs) for inspection
//   VSCODE_HOST_EXTENSIONS_DIR  extensions folder to run with (default: an empty one in the temp folder)
//   VSCODE_HOST_REQUIRE_RESULT=1  fail unless the test runner wrote its summary to
//                           $VSCODE_HOST_RESULT_FILE (set by this launcher for the extension host)
// Every other variable is inherited by code-server and so by the extension
// host (e.g. PROMPT_BENCH_TEST_MODEL), except XDG_DATA_HOME, XDG_CONFIG_HOME,
// XDG_CACHE_HOME and TMPDIR, which point into the run's temp folder (removed
// afterwards) so neither code-server nor Chromium writes under $HOME or /tmp,
// and EXTENSIONS_GALLERY="{}" (no extension marketplace, unless set by the caller).
// The launcher adds VSCODE_HOST_RESULT_FILE.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
const cache = process.env.VSCODE_HOST_CACHE || path.join(repoRoot, ".cache", "vscode-host");
const node24 = path.join(cache, "node24", "bin", "node");
const csPkg = path.join(cache, "code-server", "node_modules", "code-server");
const csEntry = path.join(csPkg, "out", "node", "entry.js");
const chromiumPath = process.env.VSCODE_HOST_CHROMIUM || "/usr/bin/chromium";
const timeoutS = Number(process.env.VSCODE_HOST_TIMEOUT_S || 600);
const startupTimeoutS = Number(process.env.VSCODE_HOST_STARTUP_TIMEOUT_S || 90);
const verbose = process.env.VSCODE_HOST_VERBOSE === "1";
const keepTmp = process.env.VSCODE_HOST_KEEP_TMP === "1";

const say = (...a) => process.stdout.write(`[vscode-host] ${format(...a)}\n`);
const sayErr = (...a) => process.stderr.write(`[vscode-host] ${format(...a)}\n`);

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, target: undefined, disableTrust: false, version: false, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (!m) {
      out.target = path.resolve(a);
      continue;
    }
    const [, name, value] = m;
    const takeValue = () => (value !== undefined ? value : argv[++i]);
    switch (name) {
      case "extensionDevelopmentPath": out.devPaths.push(path.resolve(takeValue())); break;
      case "extensionTestsPath": out.testsPath = path.resolve(takeValue()); break;
      case "folder-uri": out.target = fileURLToPath(takeValue()); break;
      case "disable-workspace-trust": out.disableTrust = true; break;
      case "version": case "v": out.version = true; break;
      case "user-data-dir": case "extensions-dir": case "locale": case "log":
        out.ignored.push(`--${name}=${takeValue()}`); break;
      default: out.ignored.push(a);
    }
  }
  return out;
}

// ---------------------------------------------------------------- helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealthz(base, child, deadline) {
  let lastErr;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      lastErr = new Error(`HTTP ${res.status}`);
    } catch (e) {
      lastErr = e;
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${base}/healthz in time: ${lastErr?.message ?? lastErr}`);
}

/** Kills a detached process group: SIGTERM, then SIGKILL after graceMs. */
async function killGroup(child, graceMs = 3000) {
  if (!child || child.pid === undefined) return;
  const alive = () => {
    try { process.kill(-child.pid, 0); return true; } catch { return false; }
  };
  if (!alive()) return;
  try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
  const until = Date.now() + graceMs;
  while (alive() && Date.now() < until) await sleep(100);
  if (alive()) {
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
  }
}

function tail(file, lines = 60) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function vscodeVersion() {
  try {
    const p = JSON.parse(readFileSync(path.join(csPkg, "lib", "vscode", "package.json"), "utf8"));
    const product = JSON.parse(readFileSync(path.join(csPkg, "lib", "vscode", "product.json"), "utf8"));
    return { version: p.version, commit: product.commit ?? "" };
  } catch {
    return { version: "unknown", commit: "" };
  }
}

/**
 * Formats what VS Code hands to window.codeAutomationLog(type, args): the
 * arguments of the console call in the extension host, printf-style format
 * string first (mocha's reporters log e.g. ("  %d passing (%s)", 3, "1s")).
 */
function formatLogArgs(args) {
  if (!Array.isArray(args)) args = [args];
  return format(...args);
}

// Workbench chatter that reaches codeAutomationLog on every run (hidden unless VSCODE_HOST_VERBOSE=1).
const NOISE = new RegExp(
  [
    "^Resolving connection token",
    "^Resolved connection token",
    "^Creating a socket",
    "^\\[reconnection-grace-time\\]",
    "^Ignoring fetching additional builtin extensions",
    "^Updating additional builtin extensions cache",
    "^\\[Service Worker\\]",
    "^\\[AgentHost:",
    "^\\[AccountPolicyGate\\]",
    "^Creation of workbench contribution '.*' took \\d+ms",
    "^No search provider registered for scheme: vscode-remote",
  ].join("|"),
);

// ---------------------------------------------------------------- main
async function main() {
  const args = parseArgs(process.argv.slice(2));

  if (args.version) {
    const v = vscodeVersion();
    process.stdout.write(`${v.version}\n${v.commit}\n${process.arch}\n`);
    return 0;
  }
  for (const [what, p] of [["node 24", node24], ["code-server", csEntry], ["chromium", chromiumPath]]) {
    if (!existsSync(p)) {
      sayErr(`${what} not found at ${p}; run scripts/setup-vscode-host.sh first`);
      return 1;
    }
  }
  if (!args.testsPath || args.devPaths.length === 0) {
    sayErr("usage: code-server-host.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER|WORKSPACE]");
    return 1;
  }
  if (verbose && args.ignored.length) say("ignoring:", args.ignored.join(" "));

  const startedAt = Date.now();
  const mark = {};
  const secs = (t = Date.now()) => ((t - startedAt) / 1000).toFixed(1);
  const deadline = startedAt + timeoutS * 1000;
  const tmp = mkdtempSync(path.join(tmpdir(), "vscode-host-"));
  const dirs = {
    userData: path.join(tmp, "user-data"),
    // A caller-prepared folder (scripts/package-test.mjs installs the .vsix there first); kept afterwards.
    extensions: process.env.VSCODE_HOST_EXTENSIONS_DIR || path.join(tmp, "extensions"),
    config: path.join(tmp, "config.yaml"),
    xdgData: path.join(tmp, "xdg-data"),
    xdgConfig: path.join(tmp, "xdg-config"),
    xdgCache: path.join(tmp, "xdg-cache"),
    tmp: path.join(tmp, "tmp"),
    browserProfile: path.join(tmp, "chromium-profile"),
    serverLog: path.join(tmp, "code-server.log"),
    result: path.join(tmp, "test-result.json"),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdgData, dirs.xdgConfig, dirs.xdgCache, dirs.tmp, dirs.browserProfile]) {
    mkdirSync(d, { recursive: true });
  }
  mkdirSync(path.join(dirs.userData, "User"), { recursive: true });
  // Quiet, offline-friendly user settings for the run.
  writeFileSync(
    path.join(dirs.userData, "User", "settings.json"),
    JSON.stringify(
      {
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "chat.disableAIFeatures": true,
        "git.enabled": false,
        "git.autoRepositoryDetection": false,
        "typescript.disableAutomaticTypeAcquisition": true,
        "npm.autoDetect": "off",
        "window.restoreWindows": "none",
      },
      null,
      2,
    ),
  );

  // Port 0: the kernel picks a free port (no race between parallel runs); code-server
  // logs "HTTP server listening on http://127.0.0.1:PORT/".
  const bindAddr = "127.0.0.1:0";
  // A config file of our own, so code-server neither reads nor writes ~/.config/code-server.
  writeFileSync(dirs.config, `bind-addr: ${bindAddr}\nauth: none\ncert: false\n`);

  const csArgs = [
    csEntry,
    "--config", dirs.config,
    "--bind-addr", bindAddr,
    "--auth", "none",
    "--user-data-dir", dirs.userData,
    "--extensions-dir", dirs.extensions,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    // Orphan guard: should this launcher die without cleaning up, code-server exits
    // once no browser has been connected for this long.
    "--idle-timeout-seconds", "120",
    // Without this, VS Code web ignores the extensionTestsPath in `payload`.
    "--vscode-option", "enable-smoke-test-driver",
  ];
  if (args.disableTrust) csArgs.push("--disable-workspace-trust");

  const { version } = vscodeVersion();

  const serverLog = createWriteStream(dirs.serverLog);
  const env = {
    ...process.env,
    PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ""}`,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache, // VS Code writes Microsoft/DeveloperTools/deviceid there
    // VS Code server leaves /tmp/vscode-ipc-*.sock behind; keep them in our temp folder.
    TMPDIR: dirs.tmp,
    // No extension gallery (code-server defaults to open-vsx.org): the run is offline.
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? "{}",
    // A test runner may write its summary here (test/integration/index.ts does); see VSCODE_HOST_REQUIRE_RESULT.
    VSCODE_HOST_RESULT_FILE: dirs.result,
  };
  // These would make code-server or its children behave differently.
  for (const k of ["PORT", "PASSWORD", "HASHED_PASSWORD", "VSCODE_IPC_HOOK_CLI", "VSCODE_PROXY_URI", "ELECTRON_RUN_AS_NODE"]) delete env[k];

  const server = spawn(node24, csArgs, { cwd: tmp, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  // "... <pid> Extension Host Process exited with code: null, signal: SIGKILL."
  let onListening = () => {};
  const listening = new Promise((r) => { onListening = r; });
  let extHostExit;
  let onExtHostExit = () => {};
  const extHostExited = new Promise((r) => { onExtHostExit = r; });
  let logText = "";
  for (const stream of [server.stdout, server.stderr]) {
    stream.on("data", (d) => {
      if (!extHostExit) {
        logText = (logText + d).slice(-4096);
        const l = /HTTP server listening on http:\/\/([\d.]+:\d+)\//.exec(logText);
        if (l) onListening(l[1]);
        const m = /Extension Host Process exited with code: (\S+), signal: (\S+?)\.?$/m.exec(logText);
        if (m) {
          extHostExit = { code: m[1], signal: m[2] };
          onExtHostExit(extHostExit);
        }
      }
      serverLog.write(d);
      if (verbose) process.stdout.write(`[code-server] ${d}`);
    });
  }

  let browser;
  let closing = false;
  const consoleErrors = [];
  // Rejected when something the run depends on dies, so we fail fast instead of waiting for the timeout.
  let failFast;
  const failed = new Promise((_, reject) => { failFast = reject; });
  failed.catch(() => {});
  server.on("exit", (code, signal) => {
    if (!closing) failFast(new Error(`code-server exited during the run (code ${code}, signal ${signal})`));
  });
  let exitCode = 1;
  let timer;
  const cleanup = async () => {
    closing = true;
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    await killGroup(server);
    await new Promise((r) => serverLog.end(r));
  };
  // Ctrl-C / SIGTERM from runTests: clean up, then exit.
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, () => {
      say(`received ${sig}, stopping`);
      cleanup().finally(() => {
        if (!keepTmp) rmSync(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }

  try {
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
    });

    const run = (async () => {
      const host = await Promise.race([listening, failed]);
      const base = `http://${host}`;
      say(`VS Code ${version} (code-server) on ${base}, temp ${tmp}`);
      await waitForHealthz(base, server, deadline);
      mark.server = Date.now();

      const { chromium } = await import("playwright-core");
      browser = await chromium.launchPersistentContext(dirs.browserProfile, {
        executablePath: chromiumPath,
        headless: true,
        // Chromium writes crash-report settings and dconf under XDG folders, whatever the profile.
        env: { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_CACHE_HOME: dirs.xdgCache },
        // Our own handlers clean up (Playwright's would exit before code-server is killed).
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });

      let resolveExit;
      const exited = new Promise((r) => { resolveExit = r; });
      await browser.exposeFunction("codeAutomationExit", (code) => {
        mark.exit = Date.now();
      resolveExit(typeof code === "number" ? code : Number(code) || 0);
      });
      let automationLogs = 0;
      let pageForShots;
      await browser.exposeFunction("codeAutomationLog", (type, logArgs) => {
        automationLogs++;
        const line = formatLogArgs(logArgs);
        // A test asks for a screenshot of the workbench by logging "[screenshot] NAME" (it then waits a moment).
        const shot = /^\[screenshot\] ([A-Za-z0-9._-]+)$/.exec(line.trim());
        if (shot && process.env.VSCODE_HOST_SCREENSHOT_DIR && pageForShots) {
          const file = path.join(process.env.VSCODE_HOST_SCREENSHOT_DIR, `${shot[1]}.png`);
          mkdirSync(process.env.VSCODE_HOST_SCREENSHOT_DIR, { recursive: true });
          pageForShots.screenshot({ path: file }).then(
            () => process.stdout.write(`[vscode-host] screenshot ${file}\n`),
            (error) => process.stderr.write(`[vscode-host] screenshot ${file} failed: ${error.message}\n`),
          );
        }
        if (!verbose && NOISE.test(line)) return;
        if (type === "error" || type === "warn" || type === "warning") process.stderr.write(`${line}\n`);
        else process.stdout.write(`${line}\n`);
      });

      const page = browser.pages()[0] ?? (await browser.newPage());
      pageForShots = page;
      page.on("console", (msg) => {
        // VS Code styles its console output: "%c  ERR color: #f33 message".
        // ("Failed to load resource" carries no URL; the response handler below records those.)
        if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) {
          consoleErrors.push(`console.error: ${msg.text().replace(/^%c\s*\S+\s+color:\s*\S+\s*/, "")}`);
        }
        if (verbose) process.stdout.write(`[browser ${msg.type()}] ${msg.text()}\n`);
      });
      // vsda (Microsoft's closed-source signing module) is absent from code-server; it always 404s.
      const expected404 = (url) => url.includes("/node_modules/vsda/");
      page.on("response", (res) => {
        if (res.status() >= 400 && !expected404(res.url())) consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
      });
      page.on("requestfailed", (req) => {
        if (!expected404(req.url())) consoleErrors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
      });
      page.on("pageerror", (err) => consoleErrors.push(`pageerror: ${err.stack ?? err.message}`));
      page.on("crash", () => failFast(new Error("the workbench page crashed")));
      browser.on("close", () => {
        if (!closing) failFast(new Error("the browser closed during the run"));
      });

      const toRemote = (p) => new URL(`vscode-remote://${host}${p.split(path.sep).join("/")}`).href;
      const payload = [
        ...args.devPaths.map((p) => ["extensionDevelopmentPath", toRemote(p)]),
        ["extensionTestsPath", toRemote(args.testsPath)],
      ];
      const query = new URLSearchParams();
      if (args.target) {
        const isWorkspace = args.target.endsWith(".code-workspace") && statSync(args.target).isFile();
        query.set(isWorkspace ? "workspace" : "folder", args.target);
      } else {
        query.set("ew", "true"); // empty window
      }
      query.set("payload", JSON.stringify(payload));
      const url = `${base}/?${query.toString()}`;
      if (verbose) say("opening", url);
      const res = await page.goto(url, { waitUntil: "domcontentloaded", timeout: Math.max(1000, deadline - Date.now()) });
      if (res && !res.ok()) throw new Error(`the workbench page answered HTTP ${res.status()} (see the code-server log below)`);
      // In test mode the workbench logs through codeAutomationLog within seconds. Without
      // `--vscode-option enable-smoke-test-driver` it silently ignores the payload and never does.
      const startupTimer = setTimeout(() => {
        if (automationLogs === 0) {
          failFast(new Error(
            `no test-mode log from the workbench within ${startupTimeoutS}s (VSCODE_HOST_STARTUP_TIMEOUT_S): ` +
              "the extension tests did not start (code-server needs --vscode-option enable-smoke-test-driver)",
          ));
        }
      }, startupTimeoutS * 1000);
      startupTimer.unref();
      failed.catch(() => clearTimeout(startupTimer));
      return Promise.race([exited, failed]);
    })();

    run.catch(() => {}); // a late rejection after a timeout is not "unhandled"
    const result = await Promise.race([run, timeout, failed]);
    if (result === "timeout") {
      sayErr(`timed out after ${timeoutS}s (VSCODE_HOST_TIMEOUT_S)`);
      exitCode = 124;
    } else {
      exitCode = result;
      // A crashed extension host also reaches codeAutomationExit, with code 0. Check
      // how it ended (code-server logs it right after), and the runner's summary.
      const how = extHostExit ?? (await Promise.race([extHostExited, sleep(5000)]));
      mark.extHostGone = Date.now();
      if (exitCode === 0 && how && (how.signal !== "null" || !["0", "null"].includes(how.code))) {
        sayErr(`the extension host died (exit code ${how.code}, signal ${how.signal}) before the tests finished`);
        exitCode = 1;
      }
      if (exitCode === 0 && process.env.VSCODE_HOST_REQUIRE_RESULT === "1" && !existsSync(dirs.result)) {
        sayErr("the test runner reported success but wrote no summary to VSCODE_HOST_RESULT_FILE (did the extension host exit early?)");
        exitCode = 1;
      }
    }
  } catch (e) {
    sayErr("error:", e?.stack ?? e);
    exitCode = 1;
  } finally {
    await cleanup();
  }

  say(
    `exit code ${exitCode} after ${secs()}s (code-server up ${mark.server ? secs(mark.server) : "-"}s, ` +
      `tests done ${mark.exit ? secs(mark.exit) : "-"}s, extension host gone ${mark.extHostGone ? secs(mark.extHostGone) : "-"}s)`,
  );
  if (exitCode !== 0) {
    if (consoleErrors.length) {
      sayErr(`browser console errors (${consoleErrors.length}):`);
      for (const e of consoleErrors.slice(-40)) process.stderr.write(`  ${e}\n`);
    }
    sayErr(`code-server log (last lines of ${dirs.serverLog}):`);
    process.stderr.write(`${tail(dirs.serverLog)}\n`);
  }
  if (keepTmp) say("kept", tmp);
  else rmSync(tmp, { recursive: true, force: true });
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    sayErr("fatal:", e?.stack ?? e);
    process.exit(1);
  },
);
