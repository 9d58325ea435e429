import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake hub received. */
export interface HubRequest {
  method: string;
  path: string;
  /** Start of the Range header, undefined when there was none. */
  rangeStart?: number;
  rangeEnd?: number;
  authorization?: string;
}

export interface HubOptions {
  /** Only this token gets the files: no Authorization → 401, another token → 403 (as Hugging Face does). */
  token?: string;
  /** Ranged GETs starting at or after this byte send 64 KiB and then nothing (an interrupted connection). */
  stallFrom?: number;
}

/**
 * A local stand-in for Hugging Face (point HF_ENDPOINT at `endpoint`): serves `files` by path with HEAD, GET and
 * byte ranges, and records every request.
 */
export class FakeHub {
  readonly requests: HubRequest[] = [];
  options: HubOptions = {};
  private server: Server | undefined;
  endpoint = "";

  constructor(private readonly files: Record<string, Buffer>) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? "").split("?")[0]!;
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
      const authorization = req.headers.authorization;
      this.requests.push({
        method: req.method ?? "", path, authorization,
        rangeStart: range ? Number(range[1]) : undefined, rangeEnd: range?.[2] ? Number(range[2]) : undefined,
      });
      const { token, stallFrom } = this.options;
      if (token !== undefined && authorization !== `Bearer ${token}`) {
        res.writeHead(authorization ? 403 : 401).end();
        return;
      }
      const body = this.files[path];
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : body.length - 1;
      res.writeHead(range ? 206 : 200, {
        "content-length": end - start + 1,
        "accept-ranges": "bytes",
        ...(range ? { "content-range": `bytes ${start}-${end}/${body.length}` } : {}),
      });
      if (req.method === "HEAD") res.end();
      else if (range && stallFrom !== undefined && start >= stallFrom) res.write(body.subarray(start, start + 65536));
      else res.end(body.subarray(start, end + 1));
    });
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }
}

/** Runs `body` with these environment variables set (undefined = unset), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}
