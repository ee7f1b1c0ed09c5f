import { afterEach, describe, expect, it } from "vitest";
import { WAIT_MS } from "../support/wait-ms.js";
import { freePort, runEnvironment, STACK_LINE, TestWorld } from "./runtime-harness.js";

const world = new TestWorld();
afterEach(() => world.dispose());

/** How long a refused start may take: a REST round trip, plus Node starting. */
const EXIT_MS = WAIT_MS;
/** How long a process that has printed why it stops may take to be gone. */
const HANG_MS = WAIT_MS;

describe("crisp-plugin run when it cannot start", () => {
  it("exits 1 with one line naming the credentials when Crisp refuses the plugin token", async () => {
    const sim = await world.simulator({ credentials: { identifier: "the-real-identifier", key: "the-real-key" } });
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(
      ["run", "greeter.yaml"],
      dir,
      runEnvironment(sim, { CRISP_IDENTIFIER: "other-identifier", CRISP_KEY: "other-key-do-not-print" }),
    );

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).toBe(1);
    expect(child.lines()).toEqual([
      "crisp-plugin run: Crisp refused the plugin token (401); check CRISP_IDENTIFIER and CRISP_KEY",
    ]);
    expect(child.lines("stdout")).toEqual([]);
  });

  it("exits 1 with one line naming the host when Crisp cannot be reached", async () => {
    const port = await freePort();
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, {
      CRISP_IDENTIFIER: "identifier",
      CRISP_KEY: "key",
      CRISP_REST_HOST: `http://127.0.0.1:${port}`,
      PORT: "0",
      LOG_LEVEL: "debug",
    });

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).toBe(1);
    // A network failure may be a hiccup: tried 5 times, with a warning before each new attempt.
    expect(child.lines().at(-1)).toBe(
      `crisp-plugin run: cannot reach Crisp at http://127.0.0.1:${port}; check CRISP_REST_HOST and the network`,
    );
    expect(child.lines().slice(0, -1)).toEqual(
      [1, 2, 3, 4].map((attempt): unknown =>
        expect.stringMatching(
          new RegExp(
            `^WARN  getConnectAccount: attempt ${attempt} failed, retrying in \\d+ ms: getConnectAccount: could not reach Crisp: ECONNREFUSED$`,
          ),
        ),
      ),
    );
  });

  it.each(["CRISP_IDENTIFIER", "CRISP_KEY"])("exits 2 with one line naming %s when it is not set", async (name) => {
    const sim = await world.simulator();
    const dir = await world.pluginDir("greeter.yaml");
    const env = Object.fromEntries(Object.entries(runEnvironment(sim)).filter(([key]) => key !== name));
    const child = world.start(["run", "greeter.yaml"], dir, env);

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).toBe(2);
    expect(child.lines()).toEqual([expect.stringMatching(new RegExp(`^crisp-plugin run: ${name} is not set: `))]);
    expect(sim.calls()).toEqual([]);
  });

  it("exits 1 naming the manifest when it is invalid, before calling Crisp", async () => {
    const sim = await world.simulator();
    const dir = await world.pluginDir("invalid.yaml");
    const child = world.start(["run", "invalid.yaml"], dir, runEnvironment(sim));

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).toBe(1);
    const lines = child.lines();
    // Exactly what `validate` prints.
    expect(lines).toEqual([
      'invalid.yaml:12:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)',
    ]);
    expect(lines.filter((line) => STACK_LINE.test(line))).toEqual([]);
    expect(sim.calls()).toEqual([]);
  });

  it("prints one line naming the manifest, and no stack, when it does not exist", async () => {
    const sim = await world.simulator();
    const dir = await world.pluginDir();
    const child = world.start(["run", "missing.yaml"], dir, runEnvironment(sim));

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).not.toBe(0);
    expect(child.lines()).toEqual(["missing.yaml: cannot read the manifest: no such file"]);
    expect(sim.calls()).toEqual([]);
  });

  it("exits 2, as every other command does, when the manifest cannot be read", async () => {
    const sim = await world.simulator();
    const dir = await world.pluginDir();
    const child = world.start(["run", "missing.yaml"], dir, runEnvironment(sim));

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).toBe(2);
  });

  it("exits 1 with one clear line when Crisp refuses the token on the RTM socket at start", async () => {
    const sim = await world.simulator();
    sim.rejectRtmAuthentication(true);
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim, { LOG_LEVEL: "warn" }));
    await child.waitForLine(/^crisp-plugin run: Crisp refused the plugin token on the RTM socket \(unauthorized\)/);

    const exit = await child.exitWithin(HANG_MS);

    expect(exit.code).toBe(1);
    expect(child.lines()).toEqual([
      "crisp-plugin run: Crisp refused the plugin token on the RTM socket (unauthorized); check CRISP_IDENTIFIER and CRISP_KEY",
    ]);
  });

  it("exits 1 with one line when Crisp fails to give the RTM endpoint at start", async () => {
    const sim = await world.simulator();
    // Start-up calls are retried like every Crisp call: five 500s in a row give up.
    sim.failNext({ route: "getConnectEndpoints", status: 500, times: 5 });
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim, { LOG_LEVEL: "warn" }));
    await child.waitForLine(/^crisp-plugin run: getConnectEndpoints: Crisp answered 500/);

    const exit = await child.exitWithin(HANG_MS);

    expect(exit.code).toBe(1);
  });

  it("exits 2 with one line when PORT is taken", async () => {
    const sim = await world.simulator();
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim, { PORT: String(sim.port) }));

    const exit = await child.exitWithin(EXIT_MS);

    expect(exit.code).toBe(2);
    expect(child.lines().at(-1)).toBe(`crisp-plugin run: cannot listen on port ${sim.port}: EADDRINUSE`);
    expect(child.lines().filter((line) => STACK_LINE.test(line))).toEqual([]);
  });
});
