/**
 * The one table `npm run bench` prints: a line per figure that has a target or a baseline, from
 * every benchmark. Each line has a stable `key`, so that the next run can say how it moved.
 */
export interface SummaryRow {
  /** Stable identifier, such as `e2e.burst-throughput.runtime (memory)`. */
  readonly key: string;
  readonly benchmark: string;
  readonly measured: string;
  /** The figure measured, formatted. */
  readonly result: string;
  /** The baseline's figure in the same run, formatted; "" when there is none. */
  readonly baseline: string;
  /** Result over baseline (or the figure compared with the target); what the history compares. */
  readonly figure: number;
  /** How `figure` is shown: `1.23x`, `2.1 s`... */
  readonly shown: string;
  readonly target: string;
  /** Whether the target is met; undefined when there is no target. */
  readonly met?: boolean;
}

/** The table as Markdown. */
export function formatSummary(rows: readonly SummaryRow[]): string {
  return [
    "| Benchmark | Measured | Result | Baseline | Result / baseline | Target | Met |",
    "| :--- | :--- | ---: | ---: | ---: | :--- | :---: |",
    ...rows.map(
      (row) =>
        `| ${row.benchmark} | ${row.measured} | ${row.result} | ${row.baseline} | ${row.shown} | ${row.target} | ${
          row.met === undefined ? "" : row.met ? "yes" : "**no**"
        } |`,
    ),
  ].join("\n");
}
