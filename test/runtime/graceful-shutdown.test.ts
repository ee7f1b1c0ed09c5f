import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { HookBody } from "../../src/devkit/simulator/send-hook.js";
import { runEnvironment, say, sentMessages, TestWorld, untilCounted, visitorMessage } from "./runtime-harness.js";

const URN = "urn:crisp-plugin-kit:runtime-echo:0";
const SECRET = "s";
/** `stopOnRequest`' default: how long the steps in flight may take after SIGTERM. */
const DEADLINE_MS = 10_000;
/** What exiting may take on top of the deadline: closing the server, Node tearing down, on a loaded machine. */
const EXIT_SLACK_MS = 10_000;
const CONVERSATIONS = 10;
const MESSAGES_PER_CONVERSATION = 20;
/** Added to every REST call, so that a burst takes a while to answer. */
const LATENCY_MS = 20;

/** A test that waits out a whole shutdown: start, burst, drain, exit. */
const SHUTDOWN_TEST_MS = 90_000;

const world = new TestWorld();
afterEach(() => world.dispose());

/** The echo plugin on `website-1`, its ten conversations open, in the given mode. */
async function runningEcho(mode: "websockets" | "webhooks", extraEnv: Record<string, string> = {}) {
  const sim = await world.simulator({
    pluginUrn: URN,
    latencyMs: LATENCY_MS,
    websites: [{ website_id: "website-1", settings: {} }],
  });
  for (const session of sessions()) sim.createConversation("website-1", { session_id: session });
  const dir = await world.pluginDir("echo.yaml");
  const env = {
    ...(mode === "webhooks" ? { CRISP_RTM_MODE: "webhooks", CRISP_HOOKS_SECRET: SECRET } : {}),
    ...extraEnv,
  };
  const child = world.spawn(["run", "echo.yaml"], dir, runEnvironment(sim, env));
  const port = await child.ready();
  return { sim, child, port };
}

function sessions(): string[] {
  return Array.from({ length: CONVERSATIONS }, (_, index) => `session-${index}`);
}

/** The contents the plugin answered, each reply being `Echo: <the visitor's message>`. */
function echoed(sim: CrispSimulator): string[] {
  return sentMessages(sim).map((sent) => String(sent.body.content).replace(/^Echo: /, ""));
}

/** Resolves once `count` replies have been sent. */
function repliesReach(sim: CrispSimulator, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (sim.calls({ route: "sendMessageInConversation" }).length < count) return;
      stop();
      resolve();
    };
    const stop = sim.onCall(check);
    check();
  });
}

describe("crisp-plugin run on SIGTERM in the middle of a burst of Web Hooks", () => {
  it(
    "exits 0 within its deadline, having sent the reply of every hook it answered 200",
    async () => {
      const { sim, child, port } = await runningEcho("webhooks");
      const url = `http://127.0.0.1:${port}/hooks`;
      const answers = new Map<string, number | "no answer">();
      let signalled = false;
      let answeredBeforeSignal = 0;
      // One sender per conversation, each delivery after the previous one's answer, as Crisp does.
      const senders = sessions().map(async (session, conversation) => {
        for (let index = 0; index < MESSAGES_PER_CONVERSATION; index++) {
          const content = `c${conversation}-m${index}`;
          const body: HookBody = {
            website_id: "website-1",
            event: "message:send",
            data: visitorMessage(session, content),
            timestamp: Date.now(),
          };
          const status = await sim.sendHook(url, SECRET, body).then(
            (response) => response.status,
            () => "no answer" as const,
          );
          answers.set(content, status);
          if (!signalled && status === 200) answeredBeforeSignal += 1;
          // Pace the deliveries so that the signal falls in the middle of them.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      });
      await repliesReach(sim, 20);
      child.signal("SIGTERM");
      signalled = true;
      const signalledAt = performance.now();
      const repliesAtSignal = sentMessages(sim).length;

      const exit = await child.exitWithin(DEADLINE_MS + EXIT_SLACK_MS);
      await Promise.all(senders);

      expect(exit.code).toBe(0);
      expect(exit.at - signalledAt).toBeLessThan(DEADLINE_MS + EXIT_SLACK_MS);
      const accepted = [...answers].filter(([, status]) => status === 200).map(([content]) => content);
      // The signal came mid-burst: work was accepted and still unanswered when it arrived.
      expect(answeredBeforeSignal).toBeGreaterThan(repliesAtSignal);
      expect(accepted.length).toBeGreaterThan(repliesAtSignal);
      expect(new Set(echoed(sim))).toEqual(new Set(accepted));
      expect(echoed(sim)).toHaveLength(accepted.length);
      // What was not accepted was refused so that Crisp retries it, or never reached a listener.
      const unexpected = [...answers.values()].filter((status) => ![200, 503, "no answer"].includes(status));
      expect(unexpected).toEqual([]);
      expect(
        child.matching(/^INFO {2}SIGTERM: finishing the steps in flight \(up to 10 s\), then exiting$/),
      ).toHaveLength(1);
      expect(child.matching(/did not finish before the deadline/)).toEqual([]);
    },
    SHUTDOWN_TEST_MS,
  );

  it(
    "answers 503 to a hook that arrives while it finishes, so that Crisp delivers it again",
    async () => {
      const { sim, child, port } = await runningEcho("webhooks");
      const url = `http://127.0.0.1:${port}/hooks`;
      // A reply Crisp takes three seconds to answer keeps the runtime finishing for that long.
      sim.failNext({ route: "sendMessageInConversation", delayMs: 3_000 });
      const first = await sim.sendHook(url, SECRET, {
        website_id: "website-1",
        event: "message:send",
        data: visitorMessage("session-0", "slow"),
        timestamp: Date.now(),
      });
      expect(first.status).toBe(200);
      child.signal("SIGTERM");
      await child.waitForLine(/SIGTERM: finishing the steps in flight/);

      const late = await sim.sendHook(url, SECRET, {
        website_id: "website-1",
        event: "message:send",
        data: visitorMessage("session-1", "late"),
        timestamp: Date.now(),
      });

      expect(late.status).toBe(503);
      const exit = await child.exitWithin(DEADLINE_MS + EXIT_SLACK_MS);
      expect(exit.code).toBe(0);
      expect(echoed(sim)).toEqual(["slow"]);
    },
    SHUTDOWN_TEST_MS,
  );
});

describe("crisp-plugin run on SIGTERM in the middle of a burst of RTM events", () => {
  it(
    "exits 0 within its deadline, having answered every event it had taken",
    async () => {
      const { sim, child, port } = await runningEcho("websockets");
      const contents: string[] = [];
      for (let index = 0; index < MESSAGES_PER_CONVERSATION; index++) {
        for (const [conversation, session] of sessions().entries()) {
          const content = `c${conversation}-m${index}`;
          contents.push(content);
          expect(say(sim, "website-1", session, content)).toBe(1);
        }
      }
      // The runtime's own count says when it has taken every event from the socket.
      expect(await untilCounted(port, contents.length)).toBe(contents.length);
      child.signal("SIGTERM");
      const signalledAt = performance.now();
      const repliesAtSignal = sentMessages(sim).length;

      const exit = await child.exitWithin(DEADLINE_MS + EXIT_SLACK_MS);

      expect(repliesAtSignal).toBeLessThan(contents.length);
      expect(exit.code).toBe(0);
      expect(exit.at - signalledAt).toBeLessThan(DEADLINE_MS + EXIT_SLACK_MS);
      expect(echoed(sim).sort()).toEqual([...contents].sort());
      // Events of one conversation were answered in the order they were written.
      for (const [conversation, session] of sessions().entries()) {
        const replies = sentMessages(sim)
          .filter((sent) => sent.sessionId === session)
          .map((sent) => sent.body.content);
        expect(replies).toEqual(
          Array.from({ length: MESSAGES_PER_CONVERSATION }, (_, index) => `Echo: c${conversation}-m${index}`),
        );
      }
      expect(child.matching(/did not finish before the deadline/)).toEqual([]);
    },
    SHUTDOWN_TEST_MS,
  );
});

describe("crisp-plugin run when shutting down takes too long", () => {
  it("exits at once, with status 1, on a second SIGTERM while it finishes", async () => {
    const { sim, child, port } = await runningEcho("websockets");
    sim.failNext({ route: "sendMessageInConversation", delayMs: 30_000 });
    say(sim, "website-1", "session-0", "stuck");
    await untilCounted(port, 1);
    child.signal("SIGTERM");
    await child.waitForLine(/SIGTERM: finishing the steps in flight/);
    const secondAt = performance.now();

    child.signal("SIGTERM");
    const exit = await child.exitWithin(EXIT_SLACK_MS);

    expect(exit.code).toBe(1);
    // "At once": well before the stuck call (30 s) would end, with room for a loaded machine.
    expect(exit.at - secondAt).toBeLessThan(EXIT_SLACK_MS);
    expect(child.matching(/^WARN {2}SIGTERM again: exiting now$/)).toHaveLength(1);
  });

  it(
    "exits within its deadline (CRISP_PLUGIN_SHUTDOWN_SECONDS) when steps are still waiting for Crisp, saying some did not finish",
    async () => {
      const { sim, child, port } = await runningEcho("websockets", { CRISP_PLUGIN_SHUTDOWN_SECONDS: "2" });
      sim.failNext({ route: "sendMessageInConversation", delayMs: 30_000, times: 3 });
      for (const content of ["one", "two", "three"]) say(sim, "website-1", "session-0", content);
      await untilCounted(port, 3);
      child.signal("SIGTERM");
      const signalledAt = performance.now();

      await child.waitForLine(/^INFO {2}SIGTERM: finishing the steps in flight \(up to 2 s\), then exiting$/);
      await child.waitForLine(/^WARN {2}some steps did not finish before the deadline; exiting anyway$/, {
        timeoutMs: 2_000 + EXIT_SLACK_MS,
      });
      const exit = await child.exitWithin(EXIT_SLACK_MS);

      // Long before the stuck calls (30 s) would end.
      expect(exit.at - signalledAt).toBeLessThan(2_000 + EXIT_SLACK_MS);
    },
    SHUTDOWN_TEST_MS,
  );
});
