import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { closeRtmClients, connectRtm, type RtmClient } from "./rtm-client.js";

const MESSAGE = { session_id: "session_1", type: "text", from: "user", content: "Hello" };

let sim: CrispSimulator | undefined;

async function start(websites = ["website-1", "website-2"]): Promise<CrispSimulator> {
  sim = await startCrispSimulator({ websites: websites.map((website_id) => ({ website_id })) });
  return sim;
}

afterEach(async () => {
  closeRtmClients();
  await sim?.close();
  sim = undefined;
});

/** A client authenticated with `payload` merged over the simulator's credentials. */
async function authenticated(target: CrispSimulator, payload: Record<string, unknown> = {}): Promise<RtmClient> {
  const client = connectRtm(target);
  expect(await client.authenticate(payload)).toBe("authenticated");
  return client;
}

/** The events a client received since it authenticated, once `sentinel` (which must reach it) has. */
async function heardUntil(client: RtmClient, send: () => number): Promise<string[]> {
  const arrived = client.next("session:set_state");
  expect(send()).toBeGreaterThan(0);
  await arrived;
  return client.received
    .filter(({ event }) => event !== "authenticated")
    .map(({ event, data }) => {
      const { website_id } = data as { website_id: string };
      return `${website_id} ${event}`;
    });
}

describe("RTM binding", () => {
  it("delivers an event only to sockets bound to its website and listening to it", async () => {
    const sim = await start();
    const sender = await authenticated(sim, { events: ["message:send", "session:set_state"] });
    const receiver = await authenticated(sim, { events: ["message:received", "session:set_state"] });

    expect(sim.emit("website-1", "message:send", MESSAGE)).toBe(1);
    expect(sim.emit("website-2", "message:received", MESSAGE)).toBe(1);
    expect(sim.emit("website-unknown", "message:send", MESSAGE)).toBe(0);
    expect(sim.emit("website-1", "message:updated", MESSAGE)).toBe(0);

    const sentinel = (): number => sim.emit("website-1", "session:set_state", { state: "resolved" });
    expect(await heardUntil(sender, sentinel)).toEqual(["website-1 message:send", "website-1 session:set_state"]);
    expect(await heardUntil(receiver, sentinel)).toEqual([
      "website-2 message:received",
      "website-1 session:set_state",
      "website-1 session:set_state",
    ]);
  });

  it("adds website_id to the data when it is missing, and sends the rest as given", async () => {
    const sim = await start();
    const client = await authenticated(sim);
    const first = client.next("message:send");

    sim.emit("website-1", "message:send", { content: "Hi", nested: { deep: [1, 2] } });

    expect(await first).toEqual({ website_id: "website-1", content: "Hi", nested: { deep: [1, 2] } });
  });

  it("does not deliver a website installed after authentication until the socket sends socket:bind", async () => {
    const sim = await start(["website-1"]);
    const client = await authenticated(sim);

    sim.install({ website_id: "website-2" });
    expect(sim.emit("website-2", "message:send", MESSAGE)).toBe(0);

    client.socket.emit("socket:bind", {});
    await sim.waitForRtmSocket((socket) => socket.websites.includes("website-2"));
    const delivered = client.next("message:send");
    expect(sim.emit("website-2", "message:send", MESSAGE)).toBe(1);
    expect(await delivered).toMatchObject({ website_id: "website-2" });
  });

  it("keeps delivering an uninstalled website until socket:bind drops it from the binding", async () => {
    const sim = await start();
    const client = await authenticated(sim);

    sim.uninstall("website-2");
    expect(sim.emit("website-2", "message:send", MESSAGE)).toBe(1);

    client.socket.emit("socket:bind");
    await sim.waitForRtmSocket((socket) => !socket.websites.includes("website-2"));
    expect(sim.emit("website-2", "message:send", MESSAGE)).toBe(0);
  });

  it("replaces the event list on socket:bind with events, and keeps it on an empty socket:bind", async () => {
    const sim = await start();
    const client = await authenticated(sim);

    client.socket.emit("socket:bind", { events: ["message:received"] });
    await sim.waitForRtmSocket((socket) => socket.events.includes("message:received"));
    client.socket.emit("socket:bind", {});
    client.socket.emit("socket:bind", { events: "message:send" });
    sim.install({ website_id: "website-3" });
    client.socket.emit("socket:bind", {});
    const socket = await sim.waitForRtmSocket((socket) => socket.websites.includes("website-3"));

    // The malformed bind in between was ignored: the list is still the replaced one.
    expect(socket.events).toEqual(["message:received"]);
    expect(sim.emit("website-1", "message:send", MESSAGE)).toBe(0);
    expect(sim.emit("website-1", "message:received", MESSAGE)).toBe(1);
  });

  it("narrows the binding to the websites named in rooms, at authentication and on socket:bind", async () => {
    const sim = await start();
    const client = await authenticated(sim, { rooms: ["website-2", "website-3"] });

    expect(sim.rtmSockets()).toEqual([
      expect.objectContaining({ websites: ["website-2"], rooms: ["website-2", "website-3"] }),
    ]);
    expect(sim.emit("website-1", "message:send", MESSAGE)).toBe(0);
    sim.install({ website_id: "website-3" });
    sim.install({ website_id: "website-4" });
    client.socket.emit("socket:bind");

    const socket = await sim.waitForRtmSocket((socket) => socket.websites.includes("website-3"));
    expect(socket.websites).toEqual(["website-2", "website-3"]);
  });

  it("answers nothing to a socket:bind sent before authentication, whose events the authentication sets", async () => {
    const sim = await start();
    const client = connectRtm(sim);
    await client.next("connect");

    client.socket.emit("socket:bind", { events: ["message:received"] });
    // A socket handles its messages in order: by the time it is authenticated, the bind was handled.
    expect(await client.authenticate()).toBe("authenticated");

    expect(client.received).toEqual([{ event: "authenticated", data: true }]);
    expect(sim.rtmSockets()).toEqual([expect.objectContaining({ events: ["message:send"] })]);
  });

  it("hands out snapshots that do not change the sockets' binding", async () => {
    const sim = await start();
    await authenticated(sim);

    const [socket] = sim.rtmSockets();
    socket?.websites.push("website-9");
    socket?.events.push("message:received");

    expect(sim.rtmSockets()[0]).toMatchObject({ websites: ["website-1", "website-2"], events: ["message:send"] });
  });
});
