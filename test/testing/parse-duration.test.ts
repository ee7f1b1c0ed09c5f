import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/core/time/parse-duration.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["0s", 0],
    ["30s", 30_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["90m", 5_400_000],
  ])("reads %s as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "5", "m", "5min", "1.5h", "-1s", " 5s", "5s ", "1w", "5M"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("refuses a duration too large to add to a clock exactly", () => {
    expect(parseDuration("99999999999999999d")).toBeUndefined();
  });
});
