import { Crisp } from "crisp-api";
import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { closeRtmClients, connectRtm, credentialsOf } from "./rtm-client.js";

const WEBSITE = "website-1";
const MESSAGE = { session_id: "session_1", type: "text", from: "user", content: "Hello" };

let sim: CrispSimulator | undefined;

async function start(): Promise<CrispSimulator> {
  sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE }] });
  return sim;
}

afterEach(async () => {
  closeRtmClients();
  await sim?.close();
  sim = undefined;
});

describe("RTM handshake", () => {
  it("keeps a connected socket silent until it authenticates", async () => {
    const sim = await start();
    const silent = connectRtm(sim);
    await silent.next("connect");

    expect(sim.emit(WEBSITE, "message:send", MESSAGE)).toBe(0);
    await silent.authenticate();
    const sentinel = silent.next("message:send");
    expect(sim.emit(WEBSITE, "message:send", { ...MESSAGE, content: "sentinel" })).toBe(1);
    await sentinel;

    // One socket receives in order: had the first event reached it, it would come before the sentinel.
    expect(silent.received).toEqual([
      { event: "authenticated", data: true },
      { event: "message:send", data: { website_id: WEBSITE, ...MESSAGE, content: "sentinel" } },
    ]);
  });

  it("refuses the HTTP long-polling transport: Crisp's RTM is websocket only", async () => {
    const sim = await start();

    const response = await fetch(`${sim.rtmUrl}?EIO=4&transport=polling`);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: "Transport unknown" });
  });

  it("answers authenticated with true and shows the socket bound to the installed websites", async () => {
    const sim = await start();
    const client = connectRtm(sim);

    expect(await client.authenticate()).toBe("authenticated");

    expect(sim.rtmSockets()).toEqual([
      { id: client.socket.id, authenticated: true, websites: [WEBSITE], events: ["message:send"], rooms: null },
    ]);
  });

  it.each([
    ["a wrong key", { password: "wrong" }],
    ["a wrong identifier", { username: "someone-else" }],
    ["another tier", { tier: "user" }],
    ["no event list", { events: undefined }],
    ["events that are not names", { events: [42] }],
    ["rooms that are not a list", { rooms: "website-1" }],
  ])("answers unauthorized and disconnects on %s", async (_name, override) => {
    const sim = await start();
    const client = connectRtm(sim);
    const disconnected = client.next("disconnect");

    expect(await client.authenticate(override)).toBe("unauthorized");

    // "io server disconnect": the server hung up, and socket.io-client will not reconnect on its own.
    expect(await disconnected).toBe("io server disconnect");
    expect(sim.rtmSockets()).toEqual([]);
  });

  it("answers unauthorized to a payload that is not an object", async () => {
    const sim = await start();
    const client = connectRtm(sim);
    const unauthorized = client.next("unauthorized");

    client.socket.emit("authentication", "simulator-identifier:simulator-key");

    await expect(unauthorized).resolves.toBeUndefined();
  });

  it("refuses good credentials while authentication is rejected, and accepts them once it is not", async () => {
    const sim = await start();
    sim.rejectRtmAuthentication();

    expect(await connectRtm(sim).authenticate()).toBe("unauthorized");
    sim.rejectRtmAuthentication(false);
    expect(await connectRtm(sim).authenticate()).toBe("authenticated");
  });

  it("cuts every socket on dropRtmConnections; a client that reconnects must authenticate again", async () => {
    const sim = await start();
    const client = connectRtm(sim);
    await client.authenticate();
    const before = client.socket.id;
    const disconnected = client.next("disconnect");
    const reconnected = client.next("connect");

    expect(sim.dropRtmConnections()).toBe(1);

    expect(await disconnected).toBe("transport close");
    await reconnected;
    const fresh = await sim.waitForRtmSocket((socket) => socket.id === client.socket.id);
    expect(fresh).toMatchObject({ authenticated: false, websites: [] });
    expect(fresh.id).not.toBe(before);
    expect(sim.emit(WEBSITE, "message:send", MESSAGE)).toBe(0);

    expect(await client.authenticate()).toBe("authenticated");
    const delivered = client.next("message:send");
    expect(sim.emit(WEBSITE, "message:send", MESSAGE)).toBe(1);
    expect(await delivered).toEqual({ website_id: WEBSITE, ...MESSAGE });
  });

  it("re-authenticates on every reconnect, as crisp-api does, and is refused once the token is revoked", async () => {
    const sim = await start();
    const client = connectRtm(sim);
    client.socket.io.on("reconnect", () => {
      client.socket.emit("authentication", credentialsOf(sim));
    });
    await client.authenticate();
    const unauthorized = client.next("unauthorized");

    sim.rejectRtmAuthentication();
    sim.dropRtmConnections();

    await unauthorized;
    expect(sim.rtmSockets()).toEqual([]);
  });

  it("serves crisp-api's own RTM client, which finds it through getConnectEndpoints", async () => {
    const sim = await start();
    const client = new DisconnectableCrisp();
    client.authenticateTier("plugin", sim.credentials.identifier, sim.credentials.key);
    client.setRestHost(sim.url);
    const received = new Promise((resolve) => {
      void client.on("message:send", resolve);
    });

    try {
      await sim.waitForRtmSocket((socket) => socket.authenticated);
      expect(sim.emit(WEBSITE, "message:send", MESSAGE)).toBe(1);
      expect(await received).toEqual({ website_id: WEBSITE, ...MESSAGE });
    } finally {
      client.disconnectRtm();
    }
    expect(sim.calls({ route: "getConnectEndpoints" })).toHaveLength(1);
  });

  it("disconnects its sockets when closed, and rejects pending socket waits", async () => {
    const sim = await start();
    const client = connectRtm(sim);
    await client.authenticate();
    const disconnected = client.next("disconnect");
    const waiting = expect(sim.waitForRtmSocket((socket) => socket.websites.includes("never"))).rejects.toThrow(
      "closed while waiting for an RTM socket",
    );

    await sim.close();

    expect(await disconnected).toBe("transport close");
    await waiting;
  });
});

/** crisp-api keeps its socket protected and has no way to close it: a test must, or it reconnects forever. */
class DisconnectableCrisp extends Crisp {
  disconnectRtm(): void {
    this._socket?.disconnect();
  }
}
