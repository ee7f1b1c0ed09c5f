import { describe, expect, it } from "vitest";
import { formatNow } from "../../src/core/templates/format-now.js";

describe("formatNow", () => {
  it("writes what toISOString writes, within one second and from one second to the next", () => {
    const start = Date.UTC(2024, 2, 4, 9, 59, 59, 990);
    for (let ms = 0; ms < 2_100; ms += 7) {
      const date = new Date(start + ms);
      expect(formatNow(date)).toBe(date.toISOString());
    }
  });

  it("writes single- and double-digit milliseconds with their zeros", () => {
    for (const ms of [0, 5, 42, 999]) {
      const date = new Date(Date.UTC(2024, 0, 1, 0, 0, 0, ms));
      formatNow(new Date(Date.UTC(2024, 0, 1)));
      expect(formatNow(date)).toBe(date.toISOString());
    }
  });

  it("handles dates before 1970, extended years and dates in any order", () => {
    const times = [-1, -999, -1_000, -1_001, 0, 253_402_300_800_000, -62_198_755_200_000, 1_709_546_400_123, -1];
    for (const time of times) expect(formatNow(new Date(time))).toBe(new Date(time).toISOString());
  });

  it("throws the RangeError of toISOString for an invalid date", () => {
    expect(() => formatNow(new Date(Number.NaN))).toThrow(RangeError);
  });
});
