import type { Command } from "commander";
import { KitError } from "../../core/errors/kit-error.js";
import { maskSecrets, maskText } from "../../core/logging/mask-secrets.js";
import { openStore } from "../../runtime/store/open-store.js";
import type { DeadLetter, Store } from "../../core/ports/store.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";

/**
 * `crisp-plugin dead-letters list|replay|drop`: the steps that failed for good, kept in the store
 * the environment names (the same `CRISP_PLUGIN_STORE` / `REDIS_URL` as `run`, from the same
 * folder). Replaying schedules the failed step and the rest of its rule again: a running plugin
 * takes it within a second, a stopped one when it starts.
 */
export function registerDeadLetters(program: Command, io: CliIo, exit: (code: number) => void): void {
  const command = program
    .command("dead-letters")
    .description("list, replay or drop the steps that failed for good (kept in the plugin's store)");
  command
    .command("list")
    .description("the dead letters, oldest first")
    .option("--json", "one JSON array, with every field")
    .action(
      exitWith(exit, (options: { json?: boolean }) =>
        withStore(io, async (store) => {
          // Letters written before masking existed may hold rendered headers or URL credentials.
          const letters = (await store.listDeadLetters()).map(printable);
          if (options.json) io.stdout(`${JSON.stringify(letters, null, 2)}\n`);
          else io.stdout(formatLetters(letters));
          return EXIT.ok;
        }),
      ),
    );
  for (const verb of ["replay", "drop"] as const) {
    command
      .command(verb)
      .description(
        verb === "replay"
          ? "run the failed step and the rest of its rule again"
          : "forget dead letters without running them",
      )
      .argument("[ids...]", "dead letter ids, or unique beginnings of them (see list)")
      .option("--all", "every dead letter")
      .action(
        exitWith(exit, (ids: string[], options: { all?: boolean }) =>
          withStore(io, (store) => act(verb, store, ids, options.all === true, io)),
        ),
      );
  }
}

async function act(
  verb: "replay" | "drop",
  store: Store,
  ids: readonly string[],
  all: boolean,
  io: CliIo,
): Promise<number> {
  if (all === ids.length > 0) {
    io.stderr(`crisp-plugin dead-letters ${verb}: give dead letter ids, or --all\n`);
    return EXIT.usage;
  }
  const letters = await store.listDeadLetters();
  const chosen: DeadLetter[] = [];
  for (const id of all ? letters.map((letter) => letter.id) : ids) {
    const matches = letters.filter((letter) => letter.id.startsWith(id));
    if (matches.length !== 1) {
      io.stderr(
        `crisp-plugin dead-letters ${verb}: ${matches.length === 0 ? "no dead letter" : `${matches.length} dead letters`} with an id starting with "${id}"\n`,
      );
      return EXIT.problems;
    }
    chosen.push(matches[0] as DeadLetter);
  }
  let done = 0;
  for (const letter of chosen) {
    const taken = await store.takeDeadLetter(letter.id);
    if (taken === undefined) continue; // replayed or dropped by someone else meanwhile
    if (verb === "replay") await store.schedule({ ...taken.replay, dueAt: Date.now() });
    // A quarantined item kept its step records for a replay; dropped, they go with it.
    else await store.complete(taken.replay.id);
    done += 1;
  }
  io.stdout(
    verb === "replay"
      ? `${done} dead letter(s) scheduled again: a running plugin takes them within a second, a stopped one when it starts\n`
      : `${done} dead letter(s) dropped\n`,
  );
  return EXIT.ok;
}

async function withStore(io: CliIo, run: (store: Store) => Promise<number>): Promise<number> {
  let store: Store;
  try {
    ({ store } = await openStore(io.env, { cwd: io.cwd }));
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    io.stderr(`crisp-plugin dead-letters: ${error.message}\n`);
    return EXIT.usage;
  }
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function printable(letter: DeadLetter): DeadLetter {
  const { params, reason } = letter;
  return { ...letter, reason: maskText(reason), ...(params === undefined ? {} : { params: maskSecrets(params) }) };
}

function formatLetters(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return "no dead letters\n";
  const lines = letters.map((letter) => {
    const where = `${letter.websiteId}${letter.sessionId ? `/${letter.sessionId}` : ""}`;
    return [
      letter.id,
      `  ${new Date(letter.at).toISOString()}  ${letter.event} on ${where}`,
      letter.stepIndex < 0
        ? `  ${letter.ruleId === "" ? "before any step" : `rule ${letter.ruleId}, before its next step`}, ${letter.attempts} attempt(s)`
        : `  rule ${letter.ruleId}, step ${letter.stepIndex + 1} (${letter.action}), ${letter.attempts} attempt(s)`,
      `  ${letter.code}: ${letter.reason}`,
      ...(letter.params === undefined ? [] : [`  with ${JSON.stringify(letter.params)}`]),
    ].join("\n");
  });
  return `${lines.join("\n\n")}\n\n${letters.length} dead letter(s); replay with: crisp-plugin dead-letters replay ID\n`;
}
