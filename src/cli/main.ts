import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { KitError } from "../core/errors/kit-error.js";
import { EXIT, processIo, type CliIo } from "./cli-io.js";
import { registerCheck } from "./commands/check.js";
import { registerDeadLetters } from "./commands/dead-letters.js";
import { registerDev } from "./commands/dev.js";
import { registerGraph } from "./commands/graph.js";
import { registerEvents } from "./commands/events.js";
import { registerInit } from "./commands/init.js";
import { registerRun } from "./commands/run.js";
import { registerScopes } from "./commands/scopes.js";
import { registerSettingsSchema } from "./commands/settings-schema.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerStart } from "./commands/start.js";
import { registerTest } from "./commands/test.js";
import { registerTypes } from "./commands/types.js";
import { registerValidate } from "./commands/validate.js";
import { registerWidgetSchema } from "./commands/widget-schema.js";

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/**
 * Runs the `crisp-plugin` command line and resolves with its exit code: 0 ok, 1 problems found,
 * 2 usage or I/O error. Never calls `process.exit`, so tests run it in-process with their own `io`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const exit = (value: number): void => {
    code = value;
  };
  const program = new Command("crisp-plugin")
    .description("Crisp plugins declared in YAML: validate, explain, export scopes, run.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const register of [
    registerValidate,
    registerScopes,
    registerEvents,
    registerSettingsSchema,
    registerWidgetSchema,
    registerCheck,
    registerSimulate,
    registerTest,
    registerRun,
    registerDev,
    registerStart,
    registerInit,
    registerDeadLetters,
    registerGraph,
    registerTypes,
  ]) {
    register(program, io, exit);
  }
  // Subcommands too (dead-letters list...): none may call process.exit or write to the real streams.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    // A command that fails with a KitError (a user's mistake the command did not foresee) still
    // ends with one line, never a stack trace.
    if (error instanceof KitError) {
      io.stderr(`crisp-plugin: ${error.message}\n`);
      return EXIT.problems;
    }
    if (!(error instanceof CommanderError)) throw error;
    const helpOrVersion = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
    return helpOrVersion ? EXIT.ok : EXIT.usage;
  }
  return code;
}
