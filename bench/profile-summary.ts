/**
 * Reads a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile`) and prints where the
 * time went: self time by function and by file (node_modules grouped by package), and total time
 * (self + callees) of the project's own functions. Usage:
 * `node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows]`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** One line of a summary: a name and its share of the profile's busy (not idle) time. */
export interface ProfileLine {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/** Self time by function, self time by file or package, and inclusive time of our own functions. */
export interface ProfileSummary {
  readonly totalMs: number;
  /** Sampled time minus idle time: the CPU time the percentages are shares of. */
  readonly busyMs: number;
  readonly byFunction: ProfileLine[];
  readonly byFile: ProfileLine[];
  readonly ownInclusive: ProfileLine[];
}

/** Summarises the profile at `path`, keeping the `rows` largest entries of each list. */
export function summarizeProfile(path: string, rows = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);
  let idle = 0;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    if (node.callFrame.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    add(byFunction, functionName(node), micros);
    add(byFile, fileName(node.callFrame.url), micros);
    // Each own function on the stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at);
      if (frame === undefined || !isOwn(frame.callFrame.url)) continue;
      const name = functionName(frame);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
      seen.add(name);
    }
  }
  const lines = (map: Map<string, number>): ProfileLine[] =>
    [...map]
      .sort(([, a], [, b]) => b - a)
      .slice(0, rows)
      .map(([name, micros]) => ({ name, ms: micros / 1000, percent: (100 * micros) / (total - idle) }));
  return {
    totalMs: total / 1000,
    busyMs: (total - idle) / 1000,
    byFunction: lines(byFunction),
    byFile: lines(byFile),
    ownInclusive: lines(inclusive),
  };
}

function add(map: Map<string, number>, key: string, micros: number): void {
  map.set(key, (map.get(key) ?? 0) + micros);
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function isOwn(url: string): boolean {
  return url.includes(ROOT) && !url.includes("node_modules");
}

function functionName(node: ProfileNode): string {
  const { functionName: name, url, lineNumber } = node.callFrame;
  if (url === "") return `(${name || "program"})`;
  return `${name || "(anonymous)"} ${fileName(url)}:${lineNumber + 1}`;
}

function fileName(url: string): string {
  if (url === "") return "(native, GC)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + "node_modules/".length).split("/");
    return scope?.startsWith("@") ? `${scope}/${name ?? ""}` : (scope ?? url);
  }
  return url.replace(/^file:\/\//, "").replace(ROOT, "");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, rows] = process.argv.slice(2);
  if (path === undefined) {
    process.stderr.write("usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows]\n");
    process.exit(2);
  }
  const summary = summarizeProfile(path, Number(rows ?? 25));
  const print = (title: string, lines: ProfileLine[]): void => {
    process.stdout.write(`\n${title}\n`);
    for (const line of lines) {
      process.stdout.write(
        `${line.percent.toFixed(1).padStart(5)}%  ${line.ms.toFixed(0).padStart(7)} ms  ${line.name}\n`,
      );
    }
  };
  process.stdout.write(
    `${path}: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.busyMs.toFixed(0)} ms busy (percentages are of busy time)\n`,
  );
  print("Self time by function", summary.byFunction);
  print("Self time by file or package", summary.byFile);
  print("Total time (self + callees) of the project's functions", summary.ownInclusive);
}
