import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MISTAKE_FIXTURES } from "./mistake-fixtures.js";
import { linesOf, runCli } from "./run-cli.js";

const MISTAKES_DIR = fileURLToPath(new URL("../fixtures/mistakes/", import.meta.url));

/** Every command that reads a manifest, as a new user would type it. */
const COMMANDS: readonly { name: string; argv: (file: string) => string[] }[] = [
  { name: "simulate", argv: (file) => ["simulate", "message-send.json", file] },
  { name: "test", argv: (file) => ["test", file] },
  { name: "dev", argv: (file) => ["dev", file, "--no-demo"] },
  { name: "run", argv: (file) => ["run", file] },
];

describe("a new user's 22 mistakes", () => {
  for (const fixture of MISTAKE_FIXTURES) {
    describe(fixture.behaviour, () => {
      it(`gets exactly one located line from validate, and no Node warning: ${fixture.expected.join("")}`, async () => {
        const warnings: string[] = [];
        const onWarning = (warning: Error): void => {
          warnings.push(warning.message);
        };
        process.on("warning", onWarning);
        const run = await runCli(["validate", fixture.file], MISTAKES_DIR).finally(() => {
          process.off("warning", onWarning);
        });
        // Node emits warnings on the next tick.
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings).toEqual([]);
        expect(linesOf(run.stderr)).toEqual(fixture.expected);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe("");
      });

      it("gets the same line, and exit 1, from simulate, test, dev and run, with no stack trace", async () => {
        for (const command of COMMANDS) {
          const run = await runCli(command.argv(fixture.file), MISTAKES_DIR);
          expect({ command: command.name, stderr: linesOf(run.stderr), code: run.code }).toEqual({
            command: command.name,
            stderr: fixture.expected,
            code: 1,
          });
        }
      });
    });
  }
});
