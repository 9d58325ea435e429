import { execFile } from "node:child_process";

import type { PowerMeasurement, PowerResult, PowerSamplerOptions } from "./powerTypes";

export type { PowerMeasurement, PowerResult, PowerSamplerOptions, PowerUnavailable } from "./powerTypes";

export const NVIDIA_SMI_ARGS = ["--query-gpu=power.draw", "--format=csv,noheader,nounits"];

export function isPowerMeasurement(result: PowerResult | undefined): result is PowerMeasurement {
  return result !== undefined && !("unavailable" in result);
}

interface Sample {
  /** Milliseconds (monotonic clock). */
  t: number;
  watts: number;
}

/**
 * Polls `nvidia-smi` for the summed board power of all GPUs between start() and stop(), and integrates the samples
 * over their timestamps (trapezoid rule). A poll is taken at start and at stop as well, so a window shorter than the
 * interval still has two samples.
 */
export class PowerSampler {
  private readonly command: string;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private samples: Sample[] = [];
  private failure: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private started = false;
  private busy = false;

  constructor(options: PowerSamplerOptions = {}) {
    this.command = options.command ?? "nvidia-smi";
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  start(): void {
    if (this.started) throw new Error("PowerSampler: already started");
    this.started = true;
    this.poll();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<PowerResult> {
    if (!this.started) throw new Error("PowerSampler: stop() before start()");
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    if (this.failure === undefined) {
      this.poll();
      await this.inFlight;
    }
    this.started = false;
    if (this.failure !== undefined) return { unavailable: this.failure };
    return integrate(this.samples);
  }

  /** One poll at a time; a slow nvidia-smi skips ticks rather than piling up processes. */
  private poll(): void {
    if (this.failure !== undefined || this.busy) return;
    this.busy = true;
    this.inFlight = readPower(this.command).then(
      (watts) => {
        this.samples.push({ t: this.now(), watts });
      },
      (error: unknown) => {
        this.failure = describeFailure(this.command, error);
        clearInterval(this.timer);
      },
    ).finally(() => {
      this.busy = false;
    });
  }
}

function readPower(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(command, NVIDIA_SMI_ARGS, { timeout: 5000, windowsHide: true }, (error, stdout) => {
      if (error) return reject(error);
      try {
        resolve(parsePowerDraw(String(stdout)));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

/** Sum of the per-GPU readings, one per line. Throws on a reading that is not a number (e.g. "[N/A]"). */
export function parsePowerDraw(stdout: string): number {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) throw new Error("nvidia-smi printed no power reading");
  let sum = 0;
  for (const line of lines) {
    const watts = Number(line);
    if (!Number.isFinite(watts)) throw new Error(`nvidia-smi printed no power reading (got "${line}")`);
    sum += watts;
  }
  return sum;
}

function describeFailure(command: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return command === "nvidia-smi" ? "nvidia-smi not found" : `${command} not found`;
  return `${command} failed: ${error instanceof Error ? error.message.trim() : String(error)}`;
}

/** Trapezoid integral of the samples over time. Fewer than two samples: no duration to integrate over. */
export function integrate(samples: readonly { t: number; watts: number }[]): PowerResult {
  if (samples.length < 2) return { unavailable: "too few power samples (the window was too short)" };
  let joules = 0;
  let peak = samples[0]!.watts;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    joules += ((a.watts + b.watts) / 2) * ((b.t - a.t) / 1000);
    peak = Math.max(peak, b.watts);
  }
  const seconds = (samples[samples.length - 1]!.t - samples[0]!.t) / 1000;
  if (seconds <= 0) return { unavailable: "too few power samples (the window was too short)" };
  return { energyWh: joules / 3600, avgPowerW: joules / seconds, peakPowerW: peak, samples: samples.length };
}
