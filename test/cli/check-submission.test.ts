import { describe, expect, it } from "vitest";
import { brokenAt, FIXTURES_DIR, parseProblemLine, type ManifestFixture } from "../manifest/manifest-fixture.js";
import { linesOf, runCli, type CliRun } from "./run-cli.js";
import { SUBMISSION_CASES } from "./submission-cases.js";

describe("crisp-plugin check --submission", () => {
  it("passes the root plugin.yaml: every item checked, exit 0", async () => {
    const run = await runCli(["check", "--submission"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = linesOf(run.stdout);
    expect(lines.at(-1)).toBe("ready for submission");
    // The root plugin is private: it says its listing would be information only, and it is complete anyway.
    expect(lines[0]).toMatch(/^private plugin: /);
    expect(lines.slice(1, -1).every((line) => line.startsWith("✓ "))).toBe(true);
    expect(lines).toContain("✓ logo: ./assets/logo.png");
    expect(lines).toContain(
      "✓ scope website:conversation:sessions: Tag conversations as after-hours or urgent without removing the tags already set.",
    );
  });

  it("reports the validator's problems, and no checklist, for a manifest with errors", async () => {
    const run = await runCli(["check", "--submission", "new-user.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr).map((line) => parseProblemLine(line).code)).toEqual([
      "MISSING_FIELD",
      "UNKNOWN_EVENT",
      "INVALID_REGEX",
    ]);
  });

  it("marks each failed item ✗ on stdout and counts them", async () => {
    const run = await runCli(["check", "--submission", "submission-incomplete.yaml"], FIXTURES_DIR);
    const lines = linesOf(run.stdout);
    expect(lines.filter((line) => line.startsWith("✗ "))).toEqual([
      "✗ logo: ./no-such-logo.png does not exist",
      "✗ documentation URL: http://example.com/docs must be an https URL",
      "✗ privacy policy URL: http://example.com/privacy must be an https URL",
      "✗ scope website:conversation:sessions: no justification (why:)",
    ]);
    expect(lines).toContain("✓ support URL or mailto:: mailto:help@example.com");
    expect(lines.at(-1)).toBe("4 item(s) to fix before submission");
  });
});

describe("check --submission on a private plugin", () => {
  it("shows the missing listing as information, not failures, says why, and passes", async () => {
    const run = await runCli(["check", "--submission", "submission-private-no-listing.yaml"], FIXTURES_DIR);
    const lines = linesOf(run.stdout);
    expect(lines[0]).toMatch(/^private plugin: the listing items below are information, not failures/);
    expect(lines).toContain("i category: plugin.listing.category is missing");
    expect(lines.filter((line) => line.startsWith("✗ "))).toEqual([]);
    expect(lines.at(-1)).toBe("ready for submission");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("still fails a scope without a real justification", async () => {
    const run = await runCli(["check", "--submission", "submission-private-no-why.yaml"], FIXTURES_DIR);
    expect(linesOf(run.stderr)).toEqual([
      "submission-private-no-why.yaml:7:5: SCOPE_WITHOUT_JUSTIFICATION scope website:conversation:messages: no justification (why:)",
    ]);
    expect(run.code).toBe(1);
  });
});

function describeCase(fixture: ManifestFixture): void {
  const expected = fixture.expected.map(parseProblemLine);
  const test = (level: "code" | "position" | "message"): typeof it | typeof it.fails =>
    brokenAt(fixture, level) ? it.fails : it;

  describe(`check --submission ${fixture.file}: ${fixture.behaviour}`, () => {
    let run: CliRun;
    const problems = (): string[] => linesOf(run.stderr);

    it("exits 1 and counts the items to fix", async () => {
      run = await runCli(["check", "--submission", fixture.file], FIXTURES_DIR);
      expect(run.code).toBe(1);
      expect(linesOf(run.stdout).at(-1)).toBe(`${expected.length} item(s) to fix before submission`);
    });

    test("code")(`reports ${expected.map((problem) => problem.code).join(", ")}`, () => {
      expect(problems().map((line) => parseProblemLine(line).code)).toEqual(expected.map((problem) => problem.code));
    });

    test("position")("points each item at its place in the file", () => {
      const place = (problem: ReturnType<typeof parseProblemLine>): string =>
        `${problem.file}:${problem.line}:${problem.column}: ${problem.code}`;
      expect(problems().map((line) => place(parseProblemLine(line)))).toEqual(expected.map(place));
    });

    test("message")("prints exactly the expected FILE:LINE:COL: CODE message lines", () => {
      expect(problems()).toEqual(fixture.expected);
    });
  });
}

for (const fixture of SUBMISSION_CASES) describeCase(fixture);
