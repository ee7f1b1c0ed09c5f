import { describe, expect, it } from "vitest";
import { compileLinearRegex } from "../../src/rules/compile-linear-regex.js";
import { createAjv } from "../../src/manifest/create-ajv.js";

/** Median of a few timings of `run`, in milliseconds. */
function median(run: () => void): number {
  const times = Array.from({ length: 5 }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[2] ?? 0;
}

describe("patterns run in linear time", () => {
  it.each(["^(a|a)*$", "^(a|aa)+$", "^(\\w|\\d)+$", "^(a+)+$"])(
    "%s answers on 10,000 characters in under 10 ms, and 10x the input costs far less than 100x the time",
    (pattern) => {
      const regex = compileLinearRegex(pattern);
      const short = `${"a".repeat(1_000)}!`;
      const long = `${"a".repeat(10_000)}!`;
      regex.test(short); // warm up: RE2JS builds its automaton lazily
      expect(regex.test(long)).toBe(false);
      const longTime = median(() => regex.test(long));
      const shortTime = median(() => regex.test(short));
      expect(longTime).toBeLessThan(10);
      // A backtracking engine doubles per character; a linear one grows ~10x here. 40x is slack for noise.
      expect(longTime).toBeLessThan(Math.max(shortTime, 0.05) * 40);
    },
  );

  it("keeps the flags' meaning: i, m, s", () => {
    expect(compileLinearRegex("^urgent$", "i").test("URGENT")).toBe(true);
    expect(compileLinearRegex("^b$", "m").test("a\nb")).toBe(true);
    expect(compileLinearRegex("^b$").test("a\nb")).toBe(false);
    expect(compileLinearRegex("a.b", "s").test("a\nb")).toBe(true);
    expect(compileLinearRegex("a.b").test("a\nb")).toBe(false);
  });

  it("reads JavaScript syntax: \\u escapes, named groups, \\d \\w \\b", () => {
    expect(compileLinearRegex("\\u0041(?<digit>\\d)\\b").test("A1 ")).toBe(true);
  });

  it("refuses back references and look-around with the reason", () => {
    expect(() => compileLinearRegex("(a)\\1")).toThrow("uses a back reference (\\1)");
    expect(() => compileLinearRegex("(?<x>a)\\k<x>")).toThrow("uses a back reference (\\k<)");
    expect(() => compileLinearRegex("a(?!b)")).toThrow("uses a look-around ((?!)");
    expect(compileLinearRegex("[(?=]").test("=")).toBe(true); // inside a class it is only characters
  });

  it("runs settings-schema patterns in ajv on the same engine", () => {
    const validate = createAjv().compile({ type: "string", pattern: "^(a+)+$" });
    const start = performance.now();
    expect(validate(`${"a".repeat(30)}!`)).toBe(false);
    expect(performance.now() - start).toBeLessThan(100);
    expect(() => createAjv().compile({ type: "string", pattern: "(a)\\1" })).toThrow("back reference");
    // Each pattern is its own: ajv caches them by their printed form.
    const ajv = createAjv();
    expect(ajv.compile({ type: "string", pattern: "^[a-z]{2}$" })("fr")).toBe(true);
    expect(ajv.compile({ type: "string", pattern: "^[0-2][0-9]:[0-5][0-9]$" })("08:30")).toBe(true);
  });
});
