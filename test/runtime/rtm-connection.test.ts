import { WAIT_MS } from "../support/wait-ms.js";
import { afterEach, describe, expect, it } from "vitest";
import { runEnvironment, say, STACK_LINE, TestWorld } from "./runtime-harness.js";

const world = new TestWorld();
afterEach(() => world.dispose());

/** socket.io reconnects after 0.5 to 1.5 s; then authenticating is one round trip. */
const RECONNECT_MS = WAIT_MS;

async function runningGreeter() {
  const sim = await world.simulator({ websites: [{ website_id: "website-1", settings: {} }] });
  const dir = await world.pluginDir("greeter.yaml");
  const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim));
  await child.ready();
  return { sim, child };
}

describe("crisp-plugin run when the RTM connection drops", () => {
  it("reconnects, authenticates again, and answers the next visitor", async () => {
    const { sim, child } = await runningGreeter();
    const before = sim.rtmSockets().map((socket) => socket.id);

    expect(sim.dropRtmConnections()).toBe(1);
    await child.waitForLine(/^WARN {2}RTM socket disconnected \(transport close\); reconnecting$/);
    await child.waitForLine(/^INFO {2}RTM socket reconnected and re-authenticated$/, { timeoutMs: RECONNECT_MS });
    const socket = await sim.waitForRtmSocket((s) => s.authenticated && !before.includes(s.id));

    expect(socket.websites).toEqual(["website-1"]);
    expect(sim.rtmSockets()).toHaveLength(1);
    say(sim, "website-1", "session-1", "Still there?");
    const reply = await sim.waitForCall({ route: "sendMessageInConversation", websiteId: "website-1" });
    expect(reply.body).toMatchObject({ content: "Hello from the default greeting!" });
  });
});

describe("crisp-plugin run when Crisp revokes the token while it runs", () => {
  it("exits non-zero with a clear line once the RTM socket is refused after a reconnect", async () => {
    const { sim, child } = await runningGreeter();

    sim.rejectRtmAuthentication(true);
    expect(sim.dropRtmConnections()).toBe(1);
    // socket.io reconnects after 0.5 to 1.5 s, then authenticates and is refused.
    const exit = await child.exitWithin(RECONNECT_MS);

    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(child.matching(/^ERROR /)).toEqual([
      "ERROR Crisp refused the plugin token on the RTM socket (unauthorized); check CRISP_IDENTIFIER and CRISP_KEY",
    ]);
    expect(child.lines().filter((line) => STACK_LINE.test(line))).toEqual([]);
  });
});
