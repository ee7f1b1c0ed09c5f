import { describe, expect, it } from "vitest";
import { PROBLEM_CODES, type ProblemCode } from "../../src/core/manifest/problem-codes.js";
import { MISTAKE_FIXTURES } from "../cli/mistake-fixtures.js";
import { SUBMISSION_CASES } from "../cli/submission-cases.js";
import { ANALYSIS_FIXTURES } from "./analysis-fixtures.js";
import { GENERATED_FIXTURES } from "./generated-fixtures.js";
import { parseProblemLine, provenCodes } from "./manifest-fixture.js";
import { MANIFEST_FIXTURES } from "./manifest-fixtures.js";
import { WIDGET_FIXTURES } from "./widget-fixtures.js";

/**
 * Each table below is run line by line (validate-fixtures.test.ts, check-submission.test.ts), and
 * its codes are asserted by a test that passes unless the fixture names a known bug. So a code added
 * to PROBLEM_CODES without a fixture fails this suite; a code whose only fixtures a known bug breaks
 * is an expected failure until the bug is fixed.
 */
const TABLES = {
  MANIFEST_FIXTURES,
  WIDGET_FIXTURES,
  GENERATED_FIXTURES,
  SUBMISSION_CASES,
  MISTAKE_FIXTURES,
  ANALYSIS_FIXTURES,
};
const ALL = Object.values(TABLES).flat();

const proven = new Set<ProblemCode>(Object.values(TABLES).flatMap((table) => [...provenCodes(table)]));
const blockedByBug = new Set<string>(
  ALL.filter((fixture) => fixture.bug !== undefined).flatMap((fixture) =>
    fixture.expected.map((line) => parseProblemLine(line).code),
  ),
);

describe("problem code coverage", () => {
  for (const code of Object.keys(PROBLEM_CODES)) {
    const test = !proven.has(code as ProblemCode) && blockedByBug.has(code) ? it.fails : it;
    test(`has a fixture that produces ${code}`, () => {
      expect(proven.has(code as ProblemCode), `add a fixture producing ${code} to one of the tables`).toBe(true);
    });
  }

  it("uses only registered codes, in well-formed FILE:LINE:COL: CODE lines, in every table", () => {
    expect(() => ALL.flatMap((fixture) => fixture.expected).map(parseProblemLine)).not.toThrow();
  });

  it("names each fixture file once per table", () => {
    for (const table of Object.values(TABLES)) {
      const files = table.map((fixture) => fixture.file);
      expect(new Set(files).size).toBe(files.length);
    }
  });

  it("gives each problem line the file name of its fixture", () => {
    for (const fixture of ALL) {
      for (const line of fixture.expected) expect(parseProblemLine(line).file).toBe(fixture.file);
    }
  });
});
