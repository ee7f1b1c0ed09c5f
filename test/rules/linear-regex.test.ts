import { describe, expect, it } from "vitest";
import { compileLinearRegex } from "../../src/core/rules/compile-linear-regex.js";
import { createAjv } from "../../src/core/manifest/create-ajv.js";

describe("patterns run in linear time", () => {
  it.each(["^(a|a)*$", "^(a|aa)+$", "^(\\w|\\d)+$", "^(a+)+$"])(
    "%s answers on 100,000 characters at once, where a backtracking engine would not end",
    (pattern) => {
      const regex = compileLinearRegex(pattern);
      // A backtracking engine doubles its work per character here: 40 characters take it minutes.
      // The bound is for a loaded machine; a linear engine takes milliseconds (see the closing notes).
      const started = performance.now();
      expect(regex.test(`${"a".repeat(100_000)}!`)).toBe(false);
      expect(performance.now() - started).toBeLessThan(2_000);
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
