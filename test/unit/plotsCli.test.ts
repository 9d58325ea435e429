import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import { findChromium, writePlots } from "../../src/core/plots/writePlots";
import type { MetricsRow } from "../../src/core/runner/options";
import { CLI } from "../helpers/cli";
import { decodePng } from "../helpers/png";

const LONG = "alpha-model-with-a-rather-long-name-7b";
const models = [LONG, "beta"];
const cols = (m: string): string[] => [`pred_${m}_city`, `pred_${m}_name`, `raw_${m}`, `raw_${m}__valid`, `raw_${m}__error`, `raw_${m}__tokens_in`, `raw_${m}__tokens_out`, `raw_${m}__seconds`];
// A results CSV as `run` writes it (two models, two fields), so `score --csv` needs no model file.
const RESULTS = [
  ["source", "city", "name", ...models.flatMap(cols)].join(","),
  `Anna lives in Berlin.,Berlin,Anna,Berlin,Anna,x,true,,40,10,0.5,Berlin city,Ann,x,true,,40,14,0.9`,
  `Bob from Köln.,Köln,Bob,Cologne,Bob,x,true,,38,9,0.4,,,x,false,no JSON object found,38,30,1.2`,
  `"</script><script>alert(1)</script> Carl in Rome",Rome,Carl,Rome,Carl,x,true,,50,11,0.6,Rome,Karl,x,true,,50,12,0.7`,
].join("\n") + "\n";
const EXPECTED = ["city", "name"].flatMap((f) => [`quality_${f}.png`, `heatmap_${f}.png`, `validation_rate_${f}.png`, `radar_${f}.png`])
  .concat(["runtime.png", "tokens.png", "throughput.png"]);

const chromium = findChromium();
const noChromium = typeof chromium === "string" ? false : `no Chromium: ${chromium.why}`;

function score(dir: string, env: NodeJS.ProcessEnv = process.env): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  const csv = join(dir, "people.results.csv");
  writeFileSync(csv, RESULTS);
  return spawnSync(process.execPath, [CLI, "score", "--csv", csv, "--plots-dir", join(dir, "plots")], { encoding: "utf8", env, timeout: 60_000 });
}

describe("--plots-dir", () => {
  test("score --csv writes the seven kinds of PNG (per field) and report.html; each PNG decodes and is not blank", { skip: noChromium }, () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-plots-"));
    const r = score(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /plots: 11 PNG files in /);
    const files = readdirSync(join(dir, "plots")).sort();
    assert.deepEqual(files, [...EXPECTED, "report.html"].sort());
    for (const name of EXPECTED) {
      const png = decodePng(readFileSync(join(dir, "plots", name)));
      assert.ok(png.width >= 600 && png.height >= 300, `${name}: ${png.width}×${png.height}`);
      assert.ok(png.distinctColours > 50, `${name}: only ${png.distinctColours} colours`);
      assert.ok(png.nonBackground > 0.02, `${name}: ${(png.nonBackground * 100).toFixed(1)}% drawn`);
    }
    const html = readFileSync(join(dir, "plots", "report.html"), "utf8");
    assert.ok(html.length > 1_000_000, "plotly inlined");
    assert.doesNotMatch(html, /<script src=|<link /);
  });

  test("without Chromium: a clear note, report.html still written, exit 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-plots-"));
    const r = score(dir, { ...process.env, PROMPT_BENCH_CHROMIUM: join(dir, "no-such-chromium") });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /PNG plots skipped: PROMPT_BENCH_CHROMIUM=.*no-such-chromium does not exist; report\.html was still written/);
    assert.deepEqual(readdirSync(join(dir, "plots")), ["report.html"]);
    // The same through `run --skip-inference` (no model needed).
    const plots2 = join(dir, "plots2");
    const run = spawnSync(process.execPath, [CLI, "run", "--skip-inference", "--csv", join(dir, "people.results.csv"), "--plots-dir", plots2],
      { encoding: "utf8", env: { ...process.env, PROMPT_BENCH_CHROMIUM: join(dir, "nope") }, timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /report: .*plots2.report\.html/);
    assert.match(run.stderr, /PNG plots skipped/);
    assert.match(readFileSync(join(plots2, "report.html"), "utf8"), /"model","field","n_total"/);
  });

  test("report.html in a real browser: payloads render as text, nothing runs, every figure is drawn", { skip: noChromium }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-report-"));
    const evil = "</script><script>window.pwned=1</script><img src=x onerror=window.pwned=2>";
    const perf = { runtime_s: 1, tokens_in: 10, tokens_out: 5, tokens_per_sec: 5 };
    const metrics: MetricsRow[] = [
      { model: evil, field: "city", n_total: 2, n_valid: 1, rouge1: 0.5, chrf: 40, exact_match: 50, ...perf },
      { model: "ok", field: "city", n_total: 2, n_valid: 2, rouge1: 1, chrf: 90, exact_match: 100, ...perf },
    ];
    const { reportFile } = await writePlots(dir, metrics, "t", [`note ${evil}`]);
    assert.ok(existsSync(join(dir, "radar_city.png")));
    const { chromium: browserType } = await import("playwright-core");
    const browser = await browserType.launch({ executablePath: chromium as string, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(pathToFileURL(reportFile).href);
      await page.waitForFunction(() => (globalThis as unknown as { pbReady?: unknown }).pbReady !== undefined);
      await page.evaluate(() => (globalThis as unknown as { pbReady: Promise<unknown> }).pbReady);
      const state = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null; querySelectorAll(s: string): { length: number } } }).document;
        return {
          pwned: (globalThis as unknown as { pwned?: number }).pwned,
          firstCell: doc.querySelector("#pb-metrics tbody td")?.textContent,
          note: doc.querySelector("#pb-notes li")?.textContent,
          imgs: doc.querySelectorAll("img").length,
          plots: doc.querySelectorAll(".pb-plot .main-svg").length,
          divs: doc.querySelectorAll(".pb-plot").length,
        };
      });
      assert.equal(state.pwned, undefined);
      assert.deepEqual(dialogs, []);
      assert.equal(state.firstCell, evil);
      assert.equal(state.note, `note ${evil}`);
      assert.equal(state.imgs, 0);
      assert.equal(state.divs, 7);
      assert.ok(state.plots >= 7, `${state.plots} plot SVGs`);
      assert.deepEqual(errors, [], "no CSP violations or script errors");
    } finally {
      await browser.close();
    }
  });
});
