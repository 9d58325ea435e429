import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { rng } from "./rng";

const CITIES = ["Berlin", "Köln", "Rome", "Paris", "Wien"];

/**
 * A results CSV as `run` writes it, so re-scoring needs no model: `rows` rows, models m1 and m2, fields city and
 * name; every 8th row of each model is invalid (12.5%), the others predict the city right 60% of the time;
 * tokens 40 in / 10 out and 0.5 s a row.
 */
export function writeResultsCsv(dir: string, rows = 40, name = "people.results.csv"): string {
  const random = rng(7);
  const pick = (): string => CITIES[Math.floor(random() * CITIES.length)]!;
  const cols = (m: string): string[] => [`pred_${m}_city`, `pred_${m}_name`, `raw_${m}`, `raw_${m}__valid`, `raw_${m}__error`, `raw_${m}__tokens_in`, `raw_${m}__tokens_out`, `raw_${m}__seconds`];
  const lines = [["source", "city", "name", ...["m1", "m2"].flatMap(cols)].join(",")];
  for (let row = 0; row < rows; row++) {
    const city = pick();
    const cells = [`Person ${row} lives in ${city}.`, city, `P${row}`];
    for (let m = 0; m < 2; m++) {
      const valid = (row + m) % 8 !== 0;
      cells.push(valid ? (random() < 0.6 ? city : pick()) : "", valid ? `P${row}` : "", "x", String(valid), valid ? "" : "no JSON object found", "40", "10", "0.5");
    }
    lines.push(cells.join(","));
  }
  const file = join(dir, name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}
