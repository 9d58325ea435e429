import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../errors/userError";
import { buildFigures } from "./figures";
import { renderReportHtml } from "./reportHtml";
import type { NamedFigure } from "./types";
import type { MetricsRow } from "../runner/options";

export interface PlotsResult {
  reportFile: string;
  pngFiles: string[];
  /** Why no PNGs were written (no Chromium, no playwright-core, render failure). */
  skipped?: string;
}

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Writes `report.html` always, and the seed's PNGs when a headless Chromium can render the same figures (CLI `--plots-dir`, the panel's Export plots). */
export async function writePlots(dir: string, metrics: MetricsRow[], title: string, notes: string[] = []): Promise<PlotsResult> {
  const outDir = resolve(dir);
  const figures = buildFigures(metrics);
  const localRequire = createRequire(__filename);
  let plotlyJs: string;
  try {
    plotlyJs = readFileSync(localRequire.resolve("plotly.js-dist-min"), "utf8");
  } catch {
    throw new UserError("Cannot write plots: the package plotly.js-dist-min is not installed (npm install plotly.js-dist-min).");
  }
  const reportFile = join(outDir, "report.html");
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(reportFile, renderReportHtml({ title, metrics, figures, plotlyJs, notes }));
  } catch (error) {
    throw new UserError(`Cannot write ${reportFile}: ${(error as Error).message}`, outDir);
  }

  const chromium = findChromium();
  if (typeof chromium !== "string") return { reportFile, pngFiles: [], skipped: chromium.why };
  let playwright: typeof import("playwright-core");
  try {
    playwright = localRequire("playwright-core") as typeof import("playwright-core");
  } catch {
    return { reportFile, pngFiles: [], skipped: "the package playwright-core is not installed (npm install playwright-core)" };
  }
  try {
    const pngFiles = await renderPngs(playwright, chromium, reportFile, figures, outDir);
    return { reportFile, pngFiles };
  } catch (error) {
    return { reportFile, pngFiles: [], skipped: `rendering in ${chromium} failed: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** `PROMPT_BENCH_CHROMIUM` wins; otherwise the usual system paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | { why: string } {
  const override = env.PROMPT_BENCH_CHROMIUM;
  if (override) return existsSync(override) ? override : { why: `PROMPT_BENCH_CHROMIUM=${override} does not exist` };
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  return found ?? { why: `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(", ")}; set PROMPT_BENCH_CHROMIUM to its path)` };
}

/** Opens report.html itself, so the PNGs are exactly the figures the report draws. */
async function renderPngs(playwright: typeof import("playwright-core"), executablePath: string, reportFile: string, figures: NamedFigure[], outDir: string): Promise<string[]> {
  const browser = await playwright.chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(reportFile).href, { waitUntil: "load", timeout: 60_000 });
    await page.evaluate(() => (globalThis as unknown as { pbReady: Promise<unknown> }).pbReady);
    const written: string[] = [];
    for (const f of figures) {
      const dataUrl = await page.evaluate(
        ({ figure, width, height }) => {
          const plotly = (globalThis as unknown as { Plotly: { toImage(fig: unknown, opts: unknown): Promise<string> } }).Plotly;
          return plotly.toImage({ data: figure.data, layout: { ...figure.layout, width, height } }, { format: "png", width, height, scale: 2 });
        },
        { figure: f.figure, width: f.width, height: f.height },
      );
      const file = join(outDir, f.name);
      writeFileSync(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64"));
      written.push(file);
    }
    return written;
  } finally {
    await browser.close();
  }
}
