import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { CrispRest } from "../../core/ports/crisp-rest.js";
import { compileRuleSet } from "../../core/engine/compile-rule-set.js";
import { parseCrispEvent } from "../../core/engine/crisp-event.js";
import type { DecisionRecord } from "../../core/engine/decision-record.js";
import { formatDecision } from "../../core/engine/format-decision.js";
import { maskSecrets } from "../../core/logging/mask-secrets.js";
import { secretSettingValues } from "../../core/settings/secret-setting-values.js";
import { handleEvent } from "../../core/engine/handle-event.js";
import { KitError } from "../../core/errors/kit-error.js";
import type { StepMock } from "../../core/manifest/manifest.js";
import { silentLogger } from "../../core/logging/logger.js";
import { createStepStub } from "../../devkit/testing/create-step-stub.js";
import { parseMocks } from "../../devkit/testing/parse-mocks.js";
import { createSettingsValidator } from "../../runtime/websites/create-settings-validator.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

interface SimulateOptions {
  settings?: string;
  mock?: string;
  json?: boolean;
  at?: string;
}

/** `crisp-plugin simulate EVENT.json [manifest] [--settings FILE] [--mock FILE] [--json] [--at TIME]`. */
export function registerSimulate(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("simulate")
    .description("show which rules an event matches and what they would do; no network")
    .argument("<event>", "a Web Hooks body as JSON: { website_id, event, data, timestamp }")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .option("--settings <file>", "the website's settings (JSON or YAML); defaults from the settings schema apply")
    .option("--mock <file>", "what hooks, http and read steps return (YAML or JSON, as a test's `mocks:`)")
    .option("--at <time>", "the time to evaluate `time` conditions at (ISO 8601); default: now")
    .option("--json", "print the decision record as JSON")
    .action(
      exitWith(exit, async (eventFile: string, manifestFile: string, options: SimulateOptions) => {
        const result = await loadOrReport(io, manifestFile);
        if ("exit" in result) return result.exit;
        const { manifest } = result.loaded;
        const inputs = await readInputs(io, eventFile, options);
        if ("exit" in inputs) return inputs.exit;
        const settings = createSettingsValidator(manifest.settings)(inputs.settings);
        if (!settings.ok) {
          io.stderr(`${options.settings ?? "settings"}: invalid settings: ${settings.reason}\n`);
          return EXIT.problems;
        }
        const record = await handleEvent(
          compileRuleSet(manifest),
          inputs.event,
          { id: inputs.event.website_id, settings: settings.settings },
          {
            crisp: OFFLINE,
            log: silentLogger,
            now: () => inputs.now,
            fetch: offlineFetch,
            mode: "record",
            stub: createStepStub(inputs.mocks).stub,
          },
          { explainAll: true },
        );
        maskRecord(record, secretSettingValues(manifest.settings, settings.settings));
        io.stdout(options.json ? `${JSON.stringify(record, null, 2)}\n` : formatDecision(record));
        return EXIT.ok;
      }),
    );
}

/**
 * What simulate prints is pasted into issues and CI logs: header values, fields named like a
 * secret and the values of `x-secret` settings are masked there as in the runtime's log.
 */
function maskRecord(record: DecisionRecord, secrets: readonly string[]): void {
  for (const rule of record.rules) {
    for (const step of rule.steps) {
      if (step.params !== undefined) step.params = maskSecrets(step.params, secrets);
      if (step.result !== undefined) step.result = maskSecrets(step.result, secrets);
    }
  }
}

type Inputs = {
  event: Exclude<ReturnType<typeof parseCrispEvent>, { error: string }>;
  settings: unknown;
  mocks: readonly StepMock[];
  now: Date;
};

async function readInputs(io: CliIo, eventFile: string, options: SimulateOptions): Promise<Inputs | { exit: number }> {
  const fail = (message: string): { exit: number } => {
    io.stderr(`${message}\n`);
    return { exit: EXIT.usage };
  };
  const now = options.at === undefined ? new Date() : new Date(options.at);
  if (options.at !== undefined && (Number.isNaN(now.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(options.at))) {
    return fail(`--at ${options.at}: not an ISO 8601 time such as 2026-11-24T20:00:00Z`);
  }
  try {
    const body = parseFile(eventFile, await readText(io, eventFile), (text) => JSON.parse(text) as unknown, "JSON");
    const event = parseCrispEvent(body, () => now.getTime());
    if ("error" in event) return fail(`${eventFile}: not a Crisp event: ${event.error}`);
    const settingsFile = options.settings;
    const settings = settingsFile === undefined ? {} : await readYaml(io, settingsFile);
    const mocks = options.mock === undefined ? { mocks: [] } : parseMocks(await readYaml(io, options.mock));
    if ("error" in mocks) return fail(`${options.mock ?? ""}: ${mocks.error}`);
    return { event, settings, mocks: mocks.mocks, now };
  } catch (error) {
    if (error instanceof KitError) return fail(error.message);
    throw error;
  }
}

/** Parses a file named on the command line; a syntax error becomes one line naming the file. */
function parseFile(file: string, text: string, parse: (text: string) => unknown, kind: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new KitError("FILE_UNREADABLE", `${file}: not valid ${kind} (${reason})`, { cause: error });
  }
}

async function readYaml(io: CliIo, file: string): Promise<unknown> {
  return parseFile(file, await readText(io, file), (text) => parseYaml(text) as unknown, "YAML or JSON");
}

async function readText(io: CliIo, file: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new KitError(
      "FILE_UNREADABLE",
      `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** simulate never reaches Crisp: actions are recorded, not run. */
const OFFLINE = new Proxy({} as CrispRest, {
  get: () => () => Promise.reject(new Error("simulate does not call Crisp")),
});

const offlineFetch: typeof fetch = () => Promise.reject(new Error("simulate makes no HTTP request"));
