/** GPU power sampling types, free of Node imports (the webview type-checks files that reach them). */

/** Energy and power over one sampling window (watts summed over all GPUs at each poll). */
export interface PowerMeasurement {
  energyWh: number;
  avgPowerW: number;
  peakPowerW: number;
  samples: number;
}

/** Why no measurement exists; "unknown" is never reported as 0. */
export interface PowerUnavailable {
  unavailable: string;
}

export type PowerResult = PowerMeasurement | PowerUnavailable;

export interface PowerSamplerOptions {
  /** Executable to poll; default `nvidia-smi` (looked up on PATH). */
  command?: string;
  /** Poll interval in milliseconds; default 1000. */
  intervalMs?: number;
  /** Clock for sample times, milliseconds; default performance.now (tests pass a fake one for exact integrals). */
  now?: () => number;
}
