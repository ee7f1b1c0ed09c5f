import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadedManifest } from "../../src/core/manifest/load-manifest.js";
import { formatProblem } from "../../src/core/manifest/problem.js";
import { PROBLEM_CODES } from "../../src/core/manifest/problem-codes.js";
import { ANALYSIS_FIXTURES } from "./analysis-fixtures.js";
import { GENERATED_FIXTURES } from "./generated-fixtures.js";
import {
  brokenAt,
  createTempDir,
  loadFixture,
  parseProblemLine,
  type BrokenLevel,
  type ManifestFixture,
} from "./manifest-fixture.js";
import { MANIFEST_FIXTURES } from "./manifest-fixtures.js";
import { WIDGET_FIXTURES } from "./widget-fixtures.js";

let tempDir: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  tempDir = await createTempDir();
});
afterAll(async () => {
  await tempDir.dispose();
});

/** `it`, or `it.fails` while a known bug in src/ breaks this level of the fixture's expectation. */
function test(fixture: ManifestFixture, level: BrokenLevel): typeof it | typeof it.fails {
  return brokenAt(fixture, level) ? it.fails : it;
}

function describeFixture(fixture: ManifestFixture): void {
  const expected = fixture.expected.map(parseProblemLine);
  const codes = expected.map((problem) => problem.code);
  const positions = expected.map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.code}`);
  const hasErrors = codes.some((code) => PROBLEM_CODES[code].severity === "error");

  describe(`${fixture.file}: ${fixture.behaviour}`, () => {
    // Loaded once, on first use, so that a throw fails each test (and `it.fails` can expect it).
    let loading: Promise<LoadedManifest> | undefined;
    const load = (): Promise<LoadedManifest> => (loading ??= loadFixture(fixture, tempDir.path));

    test(fixture, "code")(codes.length === 0 ? "reports no problem" : `reports ${codes.join(", ")}`, async () => {
      const loaded = await load();
      expect(loaded.problems.map((problem) => problem.code)).toEqual(codes);
    });

    test(fixture, "position")(`points each problem at ${positions.join(" / ") || "nothing"}`, async () => {
      const loaded = await load();
      expect(loaded.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.code}`)).toEqual(positions);
    });

    if (expected.every((problem) => problem.message !== undefined)) {
      test(fixture, "message")("prints exactly the expected FILE:LINE:COL: CODE message lines", async () => {
        const loaded = await load();
        expect(loaded.problems.map(formatProblem)).toEqual(fixture.expected);
      });
    }

    test(fixture, "load")("lists its problems in file order", async () => {
      const loaded = await load();
      const offsets = loaded.problems.map((problem) => problem.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      const places = loaded.problems.map((problem) => [problem.line, problem.column] as const);
      const ordered = places.every(([line, column], index) => {
        const [previousLine, previousColumn] = places[index - 1] ?? [0, 0];
        return line > previousLine || (line === previousLine && column >= previousColumn);
      });
      expect(ordered).toBe(true);
    });

    test(fixture, "load")(
      hasErrors ? "returns no manifest, since it has errors" : "returns the manifest, warnings allowed",
      async () => {
        const loaded = await load();
        expect(loaded.manifest === undefined).toBe(hasErrors);
      },
    );
  });
}

describe("validate, on each committed fixture", () => {
  for (const fixture of MANIFEST_FIXTURES) describeFixture(fixture);
});

describe("validate, on each widget fixture", () => {
  for (const fixture of WIDGET_FIXTURES) describeFixture(fixture);
});

describe("validate, on each generated hostile input", () => {
  for (const fixture of GENERATED_FIXTURES) describeFixture(fixture);
});

describe("validate's warnings on rules and settings, on each committed fixture", () => {
  for (const fixture of ANALYSIS_FIXTURES) describeFixture(fixture);
});
