import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/core/time/format-duration.js";
import { parseDuration } from "../../src/core/time/parse-duration.js";

describe("formatDuration", () => {
  it("writes a wait in days, hours, minutes, seconds and milliseconds, leaving out the units at zero", () => {
    expect(formatDuration(90_000)).toBe("1m 30s");
    expect(formatDuration(1_500)).toBe("1s 500ms");
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(86_400_000 + 3_600_000 + 7)).toBe("1d 1h 7ms");
  });

  it("writes a single unit as parseDuration reads it", () => {
    for (const text of ["500ms", "30s", "5m", "2h", "1d"]) expect(formatDuration(parseDuration(text) ?? -1)).toBe(text);
  });
});
