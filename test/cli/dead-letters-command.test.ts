import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";
import type { DeadLetter, Store } from "../../src/core/ports/store.js";
import { linesOf, runCli } from "./run-cli.js";

const AT = Date.parse("2030-01-07T10:00:00Z");

function letter(id: string, ruleId: string): DeadLetter {
  return {
    id,
    at: AT,
    websiteId: "website-1",
    sessionId: "session-1",
    event: "message:send",
    ruleId,
    stepIndex: 0,
    action: "send_message",
    code: "CRISP_REQUEST_FAILED",
    reason: "sendMessageInConversation: Crisp answered 403 not_allowed",
    attempts: 1,
    params: { content: "Hello" },
    replay: { id: `${id}-replay`, conversation: "website-1/session-1", dueAt: AT, cancelOn: [], payload: "{}" },
  };
}

let dir: string;
let store: Store;
/** The command opens the store its environment names, as `run` does. */
let env: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crisp-plugin-dead-letters-"));
  env = { CRISP_PLUGIN_STORE: `sqlite:${join(dir, "store.db")}` };
  store = openSqliteStore(join(dir, "store.db"));
  await store.addDeadLetter(letter("aaa-1111", "greet"));
  await store.addDeadLetter(letter("bbb-2222", "tag"));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("crisp-plugin dead-letters", () => {
  it("lists each dead letter with its event, rule, step, error and parameters", async () => {
    const run = await runCli(["dead-letters", "list"], dir, env);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      "aaa-1111",
      "  2030-01-07T10:00:00.000Z  message:send on website-1/session-1",
      "  rule greet, step 1 (send_message), 1 attempt(s)",
      "  CRISP_REQUEST_FAILED: sendMessageInConversation: Crisp answered 403 not_allowed",
      '  with {"content":"Hello"}',
      "bbb-2222",
      "  2030-01-07T10:00:00.000Z  message:send on website-1/session-1",
      "  rule tag, step 1 (send_message), 1 attempt(s)",
      "  CRISP_REQUEST_FAILED: sendMessageInConversation: Crisp answered 403 not_allowed",
      '  with {"content":"Hello"}',
      "2 dead letter(s); replay with: crisp-plugin dead-letters replay ID",
    ]);
  });

  it("lists them as JSON with every field", async () => {
    const run = await runCli(["dead-letters", "list", "--json"], dir, env);

    expect(JSON.parse(run.stdout)).toEqual([letter("aaa-1111", "greet"), letter("bbb-2222", "tag")]);
  });

  it("replays a dead letter named by the beginning of its id: its work is scheduled again", async () => {
    const run = await runCli(["dead-letters", "replay", "aaa"], dir, env);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1 dead letter\(s\) scheduled again/);
    expect((await store.listDeadLetters()).map((each) => each.id)).toEqual(["bbb-2222"]);
    const due = await store.claimDue({ id: "test", leaseMs: 1_000, now: Date.now() + 1_000 }, 10);
    expect(due.map((item) => item.id)).toEqual(["aaa-1111-replay"]);
  });

  it("drops every dead letter with --all", async () => {
    const run = await runCli(["dead-letters", "drop", "--all"], dir, env);

    expect(run).toMatchObject({ code: 0, stdout: "2 dead letter(s) dropped\n" });
    expect(await store.listDeadLetters()).toEqual([]);
    expect(await runCli(["dead-letters", "list"], dir, env)).toMatchObject({ stdout: "no dead letters\n" });
  });

  it("exits 2 without ids or --all, and 1 for an id matching none or several", async () => {
    expect(await runCli(["dead-letters", "replay"], dir, env)).toMatchObject({
      code: 2,
      stderr: "crisp-plugin dead-letters replay: give dead letter ids, or --all\n",
    });
    expect(await runCli(["dead-letters", "drop", "zzz"], dir, env)).toMatchObject({
      code: 1,
      stderr: 'crisp-plugin dead-letters drop: no dead letter with an id starting with "zzz"\n',
    });
    await store.addDeadLetter(letter("aaa-3333", "greet"));
    expect(await runCli(["dead-letters", "replay", "aaa"], dir, env)).toMatchObject({
      code: 1,
      stderr: 'crisp-plugin dead-letters replay: 2 dead letters with an id starting with "aaa"\n',
    });
    expect(await store.listDeadLetters()).toHaveLength(3);
  });

  it("exits 2 with one line when the store setting is wrong", async () => {
    const run = await runCli(["dead-letters", "list"], dir, { CRISP_PLUGIN_STORE: "postgres" });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'crisp-plugin dead-letters: CRISP_PLUGIN_STORE must be memory, sqlite, sqlite:PATH or redis, not "postgres"\n',
    );
  });
});
