import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { downloadStep, formatDownloadBar } from "../../src/cli/downloadBar";
import { createProgressPrinter } from "../../src/cli/progress";
import { downloadEventEmitter } from "../../src/core/runner/downloadEvents";
import { formatDownloadFigures, formatDuration } from "../../src/core/runner/downloadText";
import type { RunEvent } from "../../src/core/runner/events";
import { DownloadSpeed } from "../../src/engines/llamaCpp/downloadSpeed";
import { RunProgress } from "../../src/extension/runProgress";

const figures = { downloadedBytes: 1.2e9, totalBytes: 4.4e9, bytesPerSecond: 35e6 };

describe("download progress text", () => {
  it("says size, speed and time left as the notification shows them", () => {
    // (4.4 - 1.2) GB at 35 MB/s = 91.4 s
    assert.equal(formatDownloadFigures(figures), "1.2/4.4 GB, 35 MB/s, 1 min 31 s left");
    assert.equal(formatDownloadFigures({ downloadedBytes: 3e6, totalBytes: 130e6, bytesPerSecond: 2.5e6 }), "3.0/130.0 MB, 2.5 MB/s, 51 s left");
    assert.equal(formatDownloadFigures({ downloadedBytes: 5e8, totalBytes: 0, bytesPerSecond: 8e5 }), "500 MB, 800 kB/s", "no total: no time left");
    assert.equal(formatDownloadFigures({ downloadedBytes: 0, totalBytes: 4.4e9, bytesPerSecond: 0 }), "0.0/4.4 GB", "no speed yet");
    assert.equal(formatDownloadFigures({ downloadedBytes: 4.4e9, totalBytes: 4.4e9, bytesPerSecond: 35e6 }), "4.4/4.4 GB, 35 MB/s");
  });

  it("shows the download in the VS Code notification and the panel, then goes back to rows", () => {
    const reported: Array<{ message?: string; increment?: number }> = [];
    const panel: string[] = [];
    const tracker = new RunProgress({ report: (r) => reported.push(r) }, 1, (m) => panel.push(m.message ?? ""));
    tracker.handle({ type: "model-start", model: "qwen2.5-7b", modelIndex: 0, modelCount: 1, rowsTotal: 10, rowsDone: 0 });
    tracker.handle({ type: "download", model: "qwen2.5-7b", uri: "hf:o/r", ...figures });
    assert.equal(tracker.lastMessage, "Downloading qwen2.5-7b: 1.2/4.4 GB, 35 MB/s, 1 min 31 s left");
    assert.equal(reported.at(-1)?.message, tracker.lastMessage);
    assert.equal(panel.at(-1), tracker.lastMessage);
    tracker.handle({ type: "model-loaded", model: "qwen2.5-7b", loadSeconds: 2 });
    assert.equal(tracker.lastMessage, "model 1/1 · row 0/10 (qwen2.5-7b) · loaded in 2.0 s");
  });

  it("formats durations in s, min and h", () => {
    assert.deepEqual([0, 45.4, 60, 90, 3599, 3600, 7500].map(formatDuration), ["0 s", "45 s", "1 min", "1 min 30 s", "59 min 59 s", "1 h", "2 h 5 min"]);
  });

  it("draws the CLI bar with percent, size, speed and time left", () => {
    assert.equal(formatDownloadBar("qwen2.5-3b", figures), "  downloading qwen2.5-3b [#####---------------] 27% · 1.2/4.4 GB · 35 MB/s · 1 min 31 s left");
    assert.equal(formatDownloadBar("m", { downloadedBytes: 2e8, totalBytes: 0, bytesPerSecond: 0 }, 10), "  downloading m · 200 MB");
    assert.deepEqual([0, 0.099, 0.1, 0.55, 1].map((f) => downloadStep({ downloadedBytes: f * 1000, totalBytes: 1000, bytesPerSecond: 0 })), [0, 0, 1, 5, 10]);
  });

  it("prints one plain line per tenth when not on a terminal, and redraws one line on a terminal", () => {
    const event = (done: number): RunEvent => ({ type: "download", model: "m", uri: "hf:o/r", downloadedBytes: done, totalBytes: 1000, bytesPerSecond: 100 });
    const events = [0, 40, 90, 100, 150, 420, 1000].map(event);
    const plain: string[] = [];
    const printPlain = createProgressPrinter({ isTTY: false, write: (t: string) => plain.push(t) } as unknown as NodeJS.WriteStream);
    events.forEach(printPlain);
    assert.deepEqual(plain.map((l) => /\] (\d+)%/.exec(l)?.[1]), ["0", "10", "42", "100"]);
    assert.ok(plain.every((l) => l.endsWith("\n") && !l.includes("\r")));
    const tty: string[] = [];
    const printTty = createProgressPrinter({ isTTY: true, write: (t: string) => tty.push(t) } as unknown as NodeJS.WriteStream);
    events.forEach(printTty);
    assert.equal(tty.length, events.length);
    assert.ok(tty.every((l) => l.startsWith("\r\x1b[2K") && !l.includes("\n")));
  });

  it("throttles download events to about 4 per second, keeping the first, the last held back and the completing one", () => {
    let clock = 0;
    const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
    const schedule = (fn: () => void, ms: number) => {
      const timer = { at: clock + ms, fn, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    };
    const advance = (to: number): void => {
      clock = to;
      for (const t of timers.filter((t) => !t.cancelled && t.at <= to)) {
        t.cancelled = true;
        t.fn();
      }
    };
    const emitted: number[] = [];
    const onProgress = downloadEventEmitter("m", (e) => emitted.push(e.type === "download" ? e.downloadedBytes : -1), 250, () => clock, schedule);
    const progress = (bytes: number) => onProgress({ uri: "hf:o/r", downloadedBytes: bytes, totalBytes: 1000, bytesPerSecond: 1000 });
    for (let ms = 0; ms <= 600; ms += 50) {
      advance(ms);
      progress(ms);
    }
    // Each 250 ms the latest figures held back go out.
    assert.deepEqual(emitted, [0, 200, 450], "one per 250 ms while data flows");
    advance(2000); // the connection stalls: what was held back still shows
    assert.deepEqual(emitted, [0, 200, 450, 600]);
    advance(2010);
    progress(700);
    advance(2020);
    progress(1000);
    assert.deepEqual(emitted, [0, 200, 450, 600, 1000], "the completing event is never held back");
    advance(5000);
    progress(1000);
    assert.equal(emitted.length, 5, "nothing after completion");
  });

  it("measures speed over recent samples, not counting bytes already on disk", () => {
    const speed = new DownloadSpeed(5000);
    assert.equal(speed.update(600e6, 0), 0, "resumed at 600 MB: no speed yet");
    assert.equal(speed.update(610e6, 1000), 10e6);
    assert.equal(speed.update(650e6, 3000), 50e6 / 3);
    speed.update(700e6, 8000);
    assert.equal(speed.update(720e6, 10000), 70e6 / 7, "samples older than the window are dropped");
  });
});
