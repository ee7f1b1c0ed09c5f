import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

/** The repository root, where the example plugin.yaml lives. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What one run of the CLI printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `crisp-plugin <argv>` in-process through `main`, capturing both streams. */
export async function runCli(argv: readonly string[], cwd: string = REPO_ROOT): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

/** The non-empty lines of a stream. */
export function linesOf(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}
