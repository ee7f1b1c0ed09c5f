import { describe, expect, it } from "vitest";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { listHelpers } from "../../src/core/templates/list-helpers.js";

describe("listHelpers", () => {
  it("documents each helper once, with a description and an example", () => {
    const helpers = listHelpers();
    const names = helpers.map((helper) => helper.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(["if", "each", "eq", "and", "lower", "truncate", "default", "json", "date", "lookup"]),
    );
    for (const helper of helpers) {
      expect(helper.description).toMatch(/\S/);
      expect(helper.example).toContain(helper.name);
    }
  });

  it("lists only helpers whose example compiles", () => {
    const env = createTemplateEnvironment();
    for (const helper of listHelpers()) expect(() => env.compile(helper.example)).not.toThrow();
  });

  it("does not list log, which templates cannot use", () => {
    expect(listHelpers().map((helper) => helper.name)).not.toContain("log");
  });
});
