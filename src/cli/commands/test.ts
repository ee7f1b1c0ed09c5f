import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { compileRuleSet } from "../../core/engine/compile-rule-set.js";
import { parseCrispEvent } from "../../core/engine/crisp-event.js";
import { isPlain } from "../../core/manifest/walk-rules.js";
import { formatTestResults } from "../../devkit/testing/format-test-results.js";
import { recordTest, type RecordInput } from "../../devkit/testing/record-test.js";
import { runManifestTests } from "../../devkit/testing/run-manifest-tests.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { DEFAULT_MANIFEST, loadOrReport } from "../load-or-report.js";

interface TestOptions {
  requireTests?: boolean;
  record?: string;
  settings?: string;
  at?: string;
}

const HELP = `
Each manifest is loaded and validated as \`validate\` does, then each of its \`tests:\` runs on a
simulated clock, without any network: its events go through the rules as \`simulate\` would run them,
and the steps that run are compared with \`expect:\`. A manifest without tests passes with "no tests",
unless --require-tests.

Exit codes: 0 every test passed; 1 a test failed or a manifest has errors; 2 a file cannot be read
or the options are wrong.

--record EVENT.json prints a \`tests:\` entry instead: it runs the event (a Web Hooks body, as for
\`simulate\`) at --at with --settings, and expects exactly the steps that ran, with their rendered
parameters. Paste it under \`tests:\` in plugin.yaml, rename it, and trim \`with:\` to what matters.

Examples:
  $ crisp-plugin test
  $ crisp-plugin test recipes/*/plugin.yaml --require-tests
  $ crisp-plugin test --record event.json --at 2026-01-05T20:00:00Z --settings settings.yaml
`;

/** `crisp-plugin test [manifest...] [--require-tests] [--record EVENT.json [--settings FILE] [--at TIME]]`. */
export function registerTest(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("test")
    .description("run the tests declared in manifests (`tests:`) on a simulated clock; no network")
    .argument("[manifest...]", `paths of manifests (default: "${DEFAULT_MANIFEST}")`)
    .option("--require-tests", "fail a manifest that declares no test")
    .option("--record <event>", "print a `tests:` entry expecting what this event (a Web Hooks body) runs")
    .option("--settings <file>", "with --record: the website's settings (JSON or YAML)")
    .option("--at <time>", "with --record: the time of the event (ISO 8601); default: now")
    .addHelpText("after", HELP)
    .action(
      exitWith(exit, async (files: string[], options: TestOptions) => {
        const manifests = files.length === 0 ? [DEFAULT_MANIFEST] : files;
        if (options.record !== undefined) return record(io, options.record, manifests, options);
        if (options.settings !== undefined || options.at !== undefined) {
          return usage(io, "--settings and --at only go with --record");
        }
        return testAll(io, manifests, options.requireTests === true);
      }),
    );
}

/** Tests each manifest in turn; the exit code is the worst of them (2 over 1 over 0). */
async function testAll(io: CliIo, files: readonly string[], requireTests: boolean): Promise<number> {
  let code: number = EXIT.ok;
  const totals = { passed: 0, failed: 0, notRun: 0 };
  for (const [index, file] of files.entries()) {
    io.stdout(`${index === 0 ? "" : "\n"}${file}\n`);
    const result = await testManifest(io, file, requireTests);
    code = Math.max(code, result.code);
    totals.passed += result.passed;
    totals.failed += result.failed;
    if (result.notRun) totals.notRun += 1;
  }
  if (files.length > 1) {
    const notRun = totals.notRun === 0 ? "" : `, ${totals.notRun} manifest${totals.notRun === 1 ? "" : "s"} not run`;
    io.stdout(`\n${files.length} manifests: ${totals.passed} passed, ${totals.failed} failed${notRun}\n`);
  }
  return code;
}

async function testManifest(
  io: CliIo,
  file: string,
  requireTests: boolean,
): Promise<{ code: number; passed: number; failed: number; notRun: boolean }> {
  const loaded = await loadOrReport(io, file);
  if ("exit" in loaded) {
    const why = loaded.exit === EXIT.usage ? "the manifest cannot be read" : "the manifest has errors";
    io.stdout(`  not run: ${why}\n`);
    return { code: loaded.exit, passed: 0, failed: 0, notRun: true };
  }
  const { manifest } = loaded.loaded;
  if (manifest.tests.length === 0) {
    io.stdout(requireTests ? "  no tests (--require-tests: counts as a failure)\n" : "  no tests\n");
    return { code: requireTests ? EXIT.problems : EXIT.ok, passed: 0, failed: 0, notRun: false };
  }
  const results = await runManifestTests(manifest);
  io.stdout(formatTestResults(results));
  const failed = results.filter((result) => !result.ok).length;
  return { code: failed === 0 ? EXIT.ok : EXIT.problems, passed: results.length - failed, failed, notRun: false };
}

/** `--record`: prints a test expecting what the event runs, as YAML to paste under `tests:`. */
async function record(io: CliIo, eventFile: string, files: readonly string[], options: TestOptions): Promise<number> {
  const [file, ...others] = files;
  if (file === undefined || others.length > 0) return usage(io, "--record takes one manifest");
  const loaded = await loadOrReport(io, file);
  if ("exit" in loaded) return loaded.exit;
  const input = await readRecordInput(io, eventFile, options);
  if (typeof input === "string") return usage(io, input);
  const result = await recordTest(compileRuleSet(loaded.loaded.manifest), input);
  if (!result.ok) {
    io.stderr(`${options.settings ?? "settings"}: ${result.reason}\n`);
    return EXIT.problems;
  }
  io.stdout(`# Recorded by crisp-plugin test --record: paste under \`tests:\` in ${file}.\n`);
  io.stdout(stringify([result.test], { lineWidth: 0 }));
  return EXIT.ok;
}

/** Reads the event, settings and time of `--record`; a string is what is wrong with them. */
async function readRecordInput(io: CliIo, eventFile: string, options: TestOptions): Promise<RecordInput | string> {
  const at = readTime(options.at);
  if (at === undefined) return `--at ${options.at ?? ""}: not an ISO 8601 time such as 2026-01-05T20:00:00Z`;
  const body = await readDocument(io, eventFile, "JSON");
  if (typeof body === "string") return body;
  const event = parseCrispEvent(body.value, () => Date.parse(at));
  if ("error" in event) return `${eventFile}: not a Crisp event: ${event.error}`;
  const settings = options.settings === undefined ? { value: {} } : await readDocument(io, options.settings, "YAML");
  if (typeof settings === "string") return settings;
  const value = settings.value ?? {};
  if (!isPlain(value)) return `${options.settings ?? ""}: the settings must be a mapping of keys`;
  // The top-level website_id wins in a Web Hooks body; the test only has `data`, so it goes there.
  const data = { ...event.data };
  if (data.website_id !== event.website_id) data.website_id = event.website_id;
  return { name: `${event.name} (${basename(eventFile)})`, event: event.name, data, settings: value, at };
}

/** `--at` as an ISO 8601 UTC time (the form the manifest's `at:` takes), now by default. */
function readTime(text: string | undefined): string | undefined {
  const time = text === undefined ? new Date() : new Date(text);
  if (Number.isNaN(time.getTime()) || (text !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(text))) return undefined;
  return time.toISOString().replace(/\.000Z$/, "Z");
}

/** Reads and parses a file named on the command line; a string says why it could not. */
async function readDocument(io: CliIo, file: string, kind: "JSON" | "YAML"): Promise<{ value: unknown } | string> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    return `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  try {
    return { value: kind === "JSON" ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return `${file}: not valid ${kind === "JSON" ? "JSON" : "YAML or JSON"} (${reason})`;
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr(`${message}\n`);
  return EXIT.usage;
}
