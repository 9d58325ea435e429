import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildFigures, plotNames } from "../../src/core/plots/figures";
import { jsonForScript, renderReportHtml } from "../../src/core/plots/reportHtml";
import { LIGHT_THEME } from "../../src/core/plots/theme";
import type { NamedFigure } from "../../src/core/plots/types";
import type { MetricsRow } from "../../src/core/runner/options";

const perf = { runtime_s: 0, tokens_in: 0, tokens_out: 0, tokens_per_sec: 0 };
function row(model: string, field: string, extra: Partial<MetricsRow>): MetricsRow {
  return { model, field, n_total: 4, n_valid: 4, ...perf, ...extra };
}
const q = { rouge1: 0.5, rouge2: 0.25, rougeL: 0.5, bleu: 30, chrf: 60, exact_match: 50 };
// Two models × two fields; bertscore_f1 empty everywhere; model b has no valid row on "name".
const METRICS: MetricsRow[] = [
  row("a", "city", { ...q, runtime_s: 2, tokens_in: 100, tokens_out: 40, tokens_per_sec: 20 }),
  row("a", "name", { ...q, exact_match: 100, runtime_s: 2, tokens_in: 100, tokens_out: 40, tokens_per_sec: 20 }),
  row("b", "city", { ...q, rouge1: 1, bleu: 10, n_valid: 2, runtime_s: 4, tokens_in: 90, tokens_out: 80, tokens_per_sec: 20 }),
  row("b", "name", { n_valid: 0, runtime_s: 4, tokens_in: 90, tokens_out: 80, tokens_per_sec: 20 }),
];

const byName = (figures: NamedFigure[], name: string): NamedFigure => {
  const f = figures.find((x) => x.name === name);
  assert.ok(f, `no figure ${name}: ${figures.map((x) => x.name).join(", ")}`);
  return f;
};

describe("plot figures", () => {
  const figures = buildFigures(METRICS);

  test("the seed's file names, per field then per model, and plotNames agrees", () => {
    const expected = ["city", "name"].flatMap((f) => [`quality_${f}.png`, `heatmap_${f}.png`, `validation_rate_${f}.png`, `radar_${f}.png`]);
    assert.deepEqual(figures.map((f) => f.name), [...expected, "runtime.png", "tokens.png", "throughput.png"]);
    assert.deepEqual(plotNames(METRICS), figures.map((f) => f.name));
    assert.deepEqual(buildFigures([]), []);
  });

  test("quality: one bar trace per non-empty metric, all on 0–100, empty values are gaps not 0", () => {
    const { data, layout } = byName(figures, "quality_name.png").figure;
    assert.deepEqual(data.map((t) => t.name), ["ROUGE-1", "ROUGE-2", "ROUGE-L", "BLEU", "chrF", "Exact match"]);
    assert.ok(data.every((t) => t.type === "bar" && JSON.stringify(t.x) === '["a","b"]'));
    assert.deepEqual(data[0]!.y, [50, null]); // ROUGE-1 0.5 → 50; b has no value
    assert.deepEqual(data[3]!.y, [30, null]); // BLEU stays 0–100
    assert.equal(layout.barmode, "group");
    assert.match(JSON.stringify(layout.yaxis), /0–100 \(ROUGE and BERTScore × 100\)/);
  });

  test("heatmap: models × metrics with the CSV's own numbers as annotations", () => {
    const [trace] = byName(figures, "heatmap_city.png").figure.data;
    assert.equal(trace!.type, "heatmap");
    assert.deepEqual(trace!.y, ["a", "b"]);
    assert.deepEqual((trace!.z as number[][])[1], [100, 25, 50, 10, 60, 50]);
    assert.deepEqual((trace!.text as string[][])[1], ["1.000", "0.250", "0.500", "10.0", "60.0", "50.0"]);
    assert.equal(trace!.texttemplate, "%{text}");
  });

  test("validation rate in % per model; radar closes each model's polygon and leaves out models without values", () => {
    const [bars] = byName(figures, "validation_rate_city.png").figure.data;
    assert.deepEqual(bars!.y, [100, 50]);
    assert.deepEqual(bars!.text, ["4/4", "2/4"]);
    const radar = byName(figures, "radar_name.png").figure.data;
    assert.deepEqual(radar.map((t) => t.name), ["a"]);
    const r = radar[0]!.r as number[];
    assert.equal(r.length, 7);
    assert.equal(r[0], r[6]);
    assert.equal(byName(figures, "radar_city.png").figure.data.length, 2);
  });

  test("performance plots: one entry per model (not per field)", () => {
    const runtime = byName(figures, "runtime.png").figure;
    assert.equal(runtime.data[0]!.orientation, "h");
    assert.deepEqual(runtime.data[0]!.x, [2, 4]);
    const tokens = byName(figures, "tokens.png").figure;
    assert.equal(tokens.layout.barmode, "stack");
    assert.deepEqual(tokens.data.map((t) => t.y), [[100, 90], [40, 80]]);
    assert.deepEqual(byName(figures, "throughput.png").figure.data[0]!.y, [20, 20]);
  });

  test("a field with no metric values at all keeps only its validation plot", () => {
    const names = plotNames([row("a", "x", { n_valid: 0 })]);
    assert.deepEqual(names, ["validation_rate_x.png", "runtime.png", "tokens.png", "throughput.png"]);
  });

  test("names are data: plotly markup is escaped, file names cannot leave the folder", () => {
    const evil = "<b>x</b><br><a href='javascript:alert(1)'>y</a>";
    const figs = buildFigures([row(evil, "../up/f<i>", { ...q, n_valid: 1 })]);
    const [bar] = byName(figs, "quality___up_f_i_.png").figure.data;
    assert.deepEqual(bar!.x, ["&lt;b&gt;x&lt;/b&gt;&lt;br&gt;&lt;a href='javascript:alert(1)'&gt;y&lt;/a&gt;"]);
    for (const f of figs) {
      assert.doesNotMatch(f.name, /[/\\]|^\.\./);
      const json = JSON.stringify(f.figure);
      assert.ok(!json.includes("<b>x") && !json.includes("<a href") && !json.includes("f<i>"), `${f.name} carries raw markup`);
    }
  });

  test("a theme sets colours and fonts", () => {
    const dark = { foreground: "#eee", background: "#111", grid: "#333", font: "Fira Sans", colorway: ["#f00"] };
    const { layout } = buildFigures(METRICS, dark)[0]!.figure;
    assert.equal(layout.paper_bgcolor, "#111");
    assert.deepEqual(layout.font, { family: "Fira Sans", color: "#eee", size: 12 });
    assert.deepEqual(layout.colorway, ["#f00"]);
    assert.equal(buildFigures(METRICS)[0]!.figure.layout.paper_bgcolor, LIGHT_THEME.background);
  });
});

describe("report.html", () => {
  const evil = "</script><script>alert(1)</script>";
  const field = "<img src=x onerror=alert(2)>";
  const metrics = [row(evil, field, { ...q })];
  const html = renderReportHtml({ title: `t ${evil}`, metrics, figures: buildFigures(metrics), plotlyJs: "/*plotly*/", notes: [evil], nonce: "abc" });

  test("untrusted names only appear escaped inside the JSON block", () => {
    assert.equal(html.match(/<script/g)?.length, 3, "JSON block, plotly, page script");
    assert.ok(!html.includes("alert(1)</script>"), "raw </script> from data");
    assert.ok(!html.includes("<img"), "raw <img> from data");
    const json = /<script type="application\/json" id="pb-data">([^<]*)<\/script>/.exec(html);
    assert.ok(json, "JSON block without any raw <");
    const data = JSON.parse(json[1]!) as { rows: string[][]; notes: string[]; title: string };
    assert.equal(data.rows[0]![0], evil);
    assert.equal(data.rows[0]![1], field);
    assert.deepEqual(data.notes, [evil]);
  });

  test("CSP: scripts need the nonce, no remote origins", () => {
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-abc';/);
    assert.doesNotMatch(html, /unsafe-eval|https?:\/\//);
    assert.equal(html.match(/<script nonce="abc">/g)?.length, 2);
    assert.equal(jsonForScript({ a: "</script>\u2028" }), '{"a":"\\u003c/script>\\u2028"}');
  });
});
