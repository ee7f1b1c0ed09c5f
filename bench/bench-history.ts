/**
 * What changed since the previous `npm run bench`: BENCHMARKS.md carries the summary figures of the
 * run that wrote it (in an HTML comment), so the next run can set its figures beside them and list
 * the commits made in between.
 */
import { execFileSync } from "node:child_process";
import type { SummaryRow } from "./summary-table.js";

/** A run, as recorded at the end of BENCHMARKS.md. */
export interface RecordedRun {
  readonly date: string;
  /** The commit checked out, and whether tracked files had uncommitted changes. */
  readonly commit: string;
  readonly dirty: boolean;
  readonly quick: boolean;
  readonly summary: readonly Pick<SummaryRow, "key" | "benchmark" | "measured" | "shown" | "figure">[];
}

const MARKER = "bench-run:";

/** The run recorded in a BENCHMARKS.md, if it has one. */
export function readRecordedRun(markdown: string): RecordedRun | undefined {
  const match = new RegExp(`<!-- ${MARKER} (.*) -->`).exec(markdown);
  if (match?.[1] === undefined) return undefined;
  try {
    return JSON.parse(match[1]) as RecordedRun;
  } catch {
    return undefined;
  }
}

/** The comment that records `run`, for the end of BENCHMARKS.md. */
export function recordRun(run: RecordedRun): string {
  return `<!-- ${MARKER} ${JSON.stringify(run)} -->`;
}

/** The commit checked out and whether tracked files changed; "unknown" outside a git checkout. */
export function gitState(): { commit: string; dirty: boolean } {
  try {
    const commit = git(["rev-parse", "--short", "HEAD"]).trim();
    const dirty = git(["status", "--porcelain", "--untracked-files=no"]).trim() !== "";
    return { commit, dirty };
  } catch {
    return { commit: "unknown", dirty: false };
  }
}

/** The "since the previous run" section: the commits in between and each figure then and now. */
export function changesSection(previous: RecordedRun | undefined, current: RecordedRun): string {
  if (previous === undefined) {
    return "## Since the previous run\n\nNo previous run is recorded in this file: the figures above are the first.\n";
  }
  const code =
    previous.commit === current.commit
      ? `on the same commit (${current.commit})${current.dirty || previous.dirty ? ", with uncommitted changes in the tree" : ""}.`
      : `on commit ${previous.commit}${previous.dirty ? " with uncommitted changes" : ""}; since then:\n\n${commitsBetween(previous.commit, current.commit)}`;
  const sizes =
    previous.quick === current.quick
      ? ""
      : " One of the two runs was `--quick`: figures measured at other sizes show as not measured.";
  const before = new Map(previous.summary.map((row) => [row.key, row]));
  const rows = current.summary.map((row) => {
    const then = before.get(row.key);
    return `| ${row.benchmark} | ${row.measured} | ${then?.shown ?? "not measured"} | ${row.shown} |`;
  });
  const gone = previous.summary.filter((row) => !current.summary.some((now) => now.key === row.key));
  return `## Since the previous run

The previous run (${previous.date}${previous.quick ? ", --quick" : ""}) was ${code}
${sizes === "" ? "" : `\n${sizes.trim()}\n`}
| Benchmark | Measured | Previous run | This run |
| :--- | :--- | ---: | ---: |
${[...rows, ...gone.map((row) => `| ${row.benchmark} | ${row.measured} | ${row.shown} | not measured |`)].join("\n")}
`;
}

function commitsBetween(from: string, to: string): string {
  try {
    const log = git(["log", "--oneline", "--no-decorate", "-n", "20", `${from}..${to}`]).trim();
    return log === ""
      ? "(no commits in between)"
      : log
          .split("\n")
          .map((line) => `- ${line}`)
          .join("\n");
  } catch {
    return "(the previous commit is not in this checkout)";
  }
}

function git(args: readonly string[]): string {
  return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}
