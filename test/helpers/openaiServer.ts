import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ModelSpec } from "../../src/core/registry/modelSpec";
import type { Engine, LoadedModel, LoadWorkload } from "../../src/core/engine/engine";
import { createLlamaCppEngine } from "../../src/engines/llamaCpp";
import { chatCompletionsHandler, listen } from "../../src/engines/openai/server";
import { CLI } from "./cli";

/** A fault the test server answers one chat request with, instead of the model (test-only: not in the shipped server). */
export type Fault =
  | { kind: "429"; retryAfter?: string }
  | { kind: "500" }
  | { kind: "stall" } // never answers: the client's timeout must fire
  | { kind: "reset" } // drops the connection after reading the request
  | { kind: "malformed" } // HTTP 200 with a cut-off JSON body
  | { kind: "400-format" } // a server without structured output
  | { kind: "no-usage"; content: string }; // a valid completion without `usage`

export interface TestServer {
  endpoint: string;
  loaded: LoadedModel;
  /** Consumed in order, one per chat request; empty = answer with the model. */
  faults: Fault[];
  /** Every chat request: its Authorization header and parsed body. */
  requests: { authorization?: string; body: Record<string, unknown> }[];
  /** Most chat requests in flight at once (received, not yet answered or dropped). */
  maxInFlight: number;
  /**
   * Hold each chat request until this many are in flight (or 2 s passed), so the client's concurrency shows in
   * maxInFlight whatever the machine's speed. Undefined: no holding.
   */
  holdUntilInFlight?: number;
  close(): Promise<void>;
}

/**
 * The project's OpenAI-compatible server (src/engines/openai/server.ts) over the generated test model on
 * 127.0.0.1, wrapped with fault injection and request counting.
 */
export async function startTestServer(options: { modelPath: string; apiKey?: string; workload?: LoadWorkload }): Promise<TestServer> {
  const engine: Engine = createLlamaCppEngine({ modelsDir: mkdtempSync(join(tmpdir(), "pb-serve-")), threads: 1, gpu: false, allowDownload: false });
  const spec: ModelSpec = { name: "prompt-bench-test", tier: "custom", source: { kind: "file", path: options.modelPath } };
  const loaded = await engine.load(spec, { workload: options.workload });
  const real = chatCompletionsHandler({ loaded, apiKey: options.apiKey });
  let inFlight = 0;
  const waiting = new Set<() => void>();
  const state: TestServer = {
    endpoint: "",
    loaded,
    faults: [],
    requests: [],
    maxInFlight: 0,
    close: async () => {
      for (const wake of waiting) wake();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await engine.dispose();
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return real(req, res);
    void (async () => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      let counted = true;
      const done = (): void => {
        if (counted) inFlight--;
        counted = false;
      };
      res.on("close", done);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      state.requests.push({ authorization: req.headers.authorization, body: JSON.parse(text) as Record<string, unknown> });
      for (const wake of waiting) wake();
      if (state.holdUntilInFlight !== undefined) await holdUntil(() => inFlight >= (state.holdUntilInFlight ?? 0), waiting);
      const fault = state.faults.shift();
      if (fault) return injectFault(fault, req, res);
      // Hand the already-read body on to the real handler.
      const replay = Object.assign(Readable.from([Buffer.from(text)]), { method: req.method, url: req.url, headers: req.headers }) as unknown as IncomingMessage;
      real(replay, res);
    })();
  });
  state.endpoint = await listen(server, 0, "127.0.0.1");
  return state;
}

function holdUntil(ready: () => boolean, waiting: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, 2000);
    function finish(): void {
      clearTimeout(timer);
      waiting.delete(check);
      resolve();
    }
    function check(): void {
      if (ready()) finish();
    }
    waiting.add(check);
    check();
  });
}

function injectFault(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  switch (fault.kind) {
    case "429":
      return json(429, { error: { message: "rate limited", type: "rate_limit_error" } }, fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter });
    case "500":
      return json(500, { error: { message: "the GPU fell over", type: "server_error" } });
    case "stall":
      return; // the response stays open until the client gives up
    case "reset":
      req.socket.destroy();
      return;
    case "malformed":
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id": "x", "choices": [{"message": {"role": "assistant", "content": "{\\"na');
      return;
    case "400-format":
      return json(400, { error: { message: "response_format json_schema is not supported by this server", type: "invalid_request_error" } });
    case "no-usage":
      return json(200, { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: fault.content }, finish_reason: "stop" }] });
  }
}

/** Runs the built CLI without blocking this process (the test server lives here), with extra environment. */
export function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Starts `prompt-bench serve` (the built CLI) and resolves with its endpoint once it listens; stop() ends it. */
export function startServeCli(args: string[], env: Record<string, string> = {}): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const stop = (): Promise<void> => new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`prompt-bench serve did not start within 60 s:\n${out}`));
    }, 60_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /at (http:\/\/\S+\/v1) /.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ endpoint: match[1], stop });
      }
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prompt-bench serve exited (${code}):\n${out}`));
    });
  });
}
