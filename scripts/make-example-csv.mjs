// Builds examples/letters.csv from GraSCCo_PHI (German synthetic discharge letters, CC BY 4.0).
// Usage: node scripts/make-example-csv.mjs path/to/grascco_phi.jsonl > examples/letters.csv
// Each row is the opening of one letter (up to ~600 characters, cut at a space) and three fields taken from the
// PHI annotations inside that excerpt: the first patient name, the first date and the first city ("" if none).
import { readFileSync } from "node:fs";

const LIMIT = 600;
const quote = (v) => (/[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const lines = [["source", "city", "first_date", "patient_name"].join(",")];
for (const line of readFileSync(process.argv[2], "utf8").split("\n")) {
  if (!line.trim()) continue;
  const doc = JSON.parse(line);
  let end = doc.text.length <= LIMIT ? doc.text.length : doc.text.lastIndexOf(" ", LIMIT);
  const excerpt = doc.text.slice(0, end).trim();
  const offset = doc.text.indexOf(excerpt);
  const first = (label) =>
    doc.entities.find((e) => e.label === label && e.end <= offset + excerpt.length)?.text ?? "";
  lines.push([excerpt, first("LOCATION_CITY"), first("DATE"), first("NAME_PATIENT")].map(quote).join(","));
}
process.stdout.write(lines.join("\n") + "\n");
