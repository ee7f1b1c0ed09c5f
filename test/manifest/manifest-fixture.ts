import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadManifest, type LoadedManifest } from "../../src/core/manifest/load-manifest.js";
import { PROBLEM_CODES, type ProblemCode } from "../../src/core/manifest/problem-codes.js";

/** Where the committed manifest fixtures live. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/manifests/", import.meta.url));

/**
 * The level of an expectation a known bug in src/ breaks; each level includes those after it:
 * `load` (loading throws), `code` (wrong codes), `position`, `message`.
 */
export type BrokenLevel = "load" | "code" | "position" | "message";

/** One manifest and exactly what `validate` must say about it. */
export interface ManifestFixture {
  /** File name under test/fixtures/manifests/, or of the file generated from `bytes`. */
  readonly file: string;
  /** What the validator does with this file, as a sentence. */
  readonly behaviour: string;
  /**
   * The problem lines a user must see, in order: `FILE:LINE:COL: CODE message`, or
   * `FILE:LINE:COL: CODE` alone when the message is not pinned. Empty for a valid manifest.
   */
  readonly expected: readonly string[];
  /** Bytes written to a temp dir instead of a committed file (hostile or huge input). */
  readonly bytes?: () => Uint8Array;
  /** A known bug in src/: the tests from this level on are `it.fails` until it is fixed. */
  readonly bug?: { readonly breaks: BrokenLevel; readonly what: string };
}

/** One expected problem line, split into its parts. */
export interface ExpectedProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: ProblemCode;
  /** Absent when the line pins only code and position. */
  readonly message?: string;
}

const LINE = /^(?<file>[^:]+):(?<line>\d+):(?<column>\d+): (?<code>[A-Z_]+)(?: (?<message>.*))?$/s;

/** Splits `FILE:LINE:COL: CODE message`; throws on a line that is not in that form or an unknown code. */
export function parseProblemLine(text: string): ExpectedProblem {
  const groups = LINE.exec(text)?.groups;
  const code = groups?.code ?? "";
  if (groups === undefined || !isProblemCode(code)) throw new Error(`not a problem line: ${text}`);
  const { file = "", line = "0", column = "0", message } = groups;
  return { file, line: Number(line), column: Number(column), code, ...(message === undefined ? {} : { message }) };
}

function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_CODES, code);
}

/** The codes a table of fixtures proves, leaving out fixtures whose codes a known bug breaks. */
export function provenCodes(fixtures: readonly Pick<ManifestFixture, "expected" | "bug">[]): Set<ProblemCode> {
  return new Set(
    fixtures
      .filter((fixture) => fixture.bug?.breaks !== "load" && fixture.bug?.breaks !== "code")
      .flatMap((fixture) => fixture.expected.map((line) => parseProblemLine(line).code)),
  );
}

/** Whether a test at `level` fails because of the fixture's known bug. */
export function brokenAt(fixture: ManifestFixture, level: BrokenLevel): boolean {
  const order: readonly BrokenLevel[] = ["load", "code", "position", "message"];
  return fixture.bug !== undefined && order.indexOf(fixture.bug.breaks) <= order.indexOf(level);
}

/** A temp dir for generated fixtures, removed by `dispose`. */
export async function createTempDir(): Promise<{ path: string; dispose: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "crisp-plugin-kit-manifest-"));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}

/** Loads a fixture the way `validate` does: committed ones from FIXTURES_DIR, generated ones from `tempDir`. */
export async function loadFixture(fixture: ManifestFixture, tempDir: string): Promise<LoadedManifest> {
  if (fixture.bytes === undefined) return loadManifest(fixture.file, { cwd: FIXTURES_DIR });
  await writeFile(join(tempDir, fixture.file), fixture.bytes());
  return loadManifest(fixture.file, { cwd: tempDir });
}
