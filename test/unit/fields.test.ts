import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { targetFields } from "../../src/core/fields";

describe("targetFields", () => {
  it("drops source, pred_* and raw_* and sorts the rest", () => {
    assert.deepEqual(
      targetFields(["source", "name", "pred_m_name", "raw_m", "raw_m__valid", "city", "age"]),
      ["age", "city", "name"],
    );
  });

  it("sorts by UTF-16 code units: upper case before lower case, umlauts after z", () => {
    assert.deepEqual(targetFields(["source", "zeit", "Ärzt", "arzt", "City", "_x", "b2", "b10"]), ["City", "_x", "arzt", "b10", "b2", "zeit", "Ärzt"]);
  });

  it("keeps columns that merely contain pred/raw/source", () => {
    assert.deepEqual(targetFields(["source_id", "predicate", "Source", "xraw_"]), ["Source", "predicate", "source_id", "xraw_"]);
  });

  it("does not modify its input", () => {
    const columns = ["source", "b", "a"];
    targetFields(columns);
    assert.deepEqual(columns, ["source", "b", "a"]);
  });
});
