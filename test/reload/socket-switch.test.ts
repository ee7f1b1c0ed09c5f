import { afterEach, describe, expect, it } from "vitest";
import { eventually, manifestYaml, MESSAGE_SCOPES, ReloadWorld, sessionOf, sleep } from "./reload-harness.js";

const world = new ReloadWorld();
afterEach(() => world.dispose());

const SCOPES = [
  ...MESSAGE_SCOPES,
  { scope: "website:conversation:states", access: ["read"], why: "See conversations resolved." },
];

/** Answers every change of a conversation's state with the new state. */
const STATE_RULE = {
  id: "state",
  on: "session:set_state",
  do: [{ action: "send_message", with: { content: "state {{data.state}}" } }],
};

/** The same plugin, listening to operators' messages too: reloading it moves to a new socket. */
const WITH_OPERATOR_RULE = manifestYaml({
  scopes: SCOPES,
  rules: [STATE_RULE, { id: "operator", on: "message:received", do: [{ action: "log", with: { message: "op" } }] }],
});

/**
 * An operator resolving, reopening and resolving the conversation again: Crisp sends
 * `session:set_state` three times, the first and the last with the same data. Answers the replies.
 */
async function resolveReopenResolve(): Promise<string[]> {
  const from = world.replies().length;
  for (const [index, state] of ["resolved", "unresolved", "resolved"].entries()) {
    world.sim.emit("site-1", "session:set_state", { session_id: sessionOf("site-1"), state });
    // One at a time, each answered (or given up on) before the next.
    await eventually(
      () => (world.replies().length > from + index ? true : undefined),
      `the answer to ${state}`,
      1_000,
    ).catch(() => undefined);
  }
  await world.settle();
  return world
    .replies()
    .slice(from)
    .map((reply) => reply.content);
}

async function start(): Promise<void> {
  await world.start({
    websites: [{ website_id: "site-1" }],
    files: { "plugin.yaml": manifestYaml({ scopes: SCOPES, rules: [STATE_RULE] }) },
  });
}

describe("the socket after a reload that changes the events listened to", () => {
  it("hands on identical events sent before any reload, each once", async () => {
    await start();

    expect(await resolveReopenResolve()).toEqual(["state resolved", "state unresolved", "state resolved"]);
  });

  it("hands on an event identical to an earlier one right after a reload moved to a new socket", async () => {
    await start();
    expect(await world.save("plugin.yaml", WITH_OPERATOR_RULE)).toMatchObject({
      status: { last: { outcome: "applied" } },
    });
    await eventually(() => (world.sim.rtmSockets().length === 1 ? true : undefined), "the old socket closing");

    expect(await resolveReopenResolve()).toEqual(["state resolved", "state unresolved", "state resolved"]);
  });

  it("hands on identical events again once a reload that moved to a new socket is 5 s past", async () => {
    await start();
    const { status } = await world.save("plugin.yaml", WITH_OPERATOR_RULE);
    expect(status.last).toMatchObject({ outcome: "applied", version: 2 });

    await sleep(5_500);

    expect(await resolveReopenResolve()).toEqual(["state resolved", "state unresolved", "state resolved"]);
  });

  it("hands on identical events again once a reload whose new socket Crisp refused is 5 s past", async () => {
    await start();
    world.sim.rejectRtmAuthentication();
    const failed = await world.save("plugin.yaml", WITH_OPERATOR_RULE);
    expect(failed.status.last).toMatchObject({ outcome: "failed", version: 1 });
    world.sim.rejectRtmAuthentication(false);

    await sleep(5_500);

    expect(await resolveReopenResolve()).toEqual(["state resolved", "state unresolved", "state resolved"]);
  });
});
