import { afterEach, describe, expect, it } from "vitest";
import { WAIT_MS } from "../support/wait-ms.js";
import { REPO_ROOT, runEnvironment, STACK_LINE, TestWorld } from "./runtime-harness.js";

const DEMO = ["Demo Shop", "Demo Studio"] as const;
const DEMO_MESSAGE = "Hello! My order never arrived, this is urgent.";
const AFTER_HOURS_REPLY = "Thanks for your message! We're away right now and will answer first thing tomorrow.";
/** How long the demo may take to show, Node and the simulator starting included. */
const DEMO_MS = WAIT_MS;

/** What dev says when standard input is neither a terminal nor a pipe (/dev/null). */
const NO_INPUT = /^No input to read \(standard input is not a terminal or a pipe\); Ctrl-C stops\.$/;

const world = new TestWorld();
afterEach(() => world.dispose());

/**
 * Whether the root plugin.yaml's business hours (Monday to Friday, 09:00 to 18:00, Europe/Paris)
 * hold at `date`; `undefined` within a minute of an edge, where the child's clock may disagree.
 */
function businessHours(date: Date): boolean | undefined {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const minutes = Number(part("hour")) * 60 + Number(part("minute"));
  const edges = [0, 9 * 60, 18 * 60, 24 * 60];
  if (edges.some((edge) => Math.abs(minutes - edge) <= 1)) return undefined;
  return !["Sat", "Sun"].includes(part("weekday")) && minutes >= 9 * 60 && minutes < 18 * 60;
}

describe("crisp-plugin dev on the root plugin.yaml", () => {
  it("shows the demo visitors' messages and the plugin's answers within seconds, and exits 0 on SIGINT", async () => {
    const startedAt = new Date();
    const child = world.spawn(["dev"], REPO_ROOT);

    for (const site of DEMO) {
      await child.waitForLine(new RegExp(`^\\[${site}\\] visitor: ${literal(DEMO_MESSAGE)}$`), {
        stream: "stdout",
        timeoutMs: DEMO_MS,
      });
      await child.waitForLine(new RegExp(`^\\[${site}\\] conversation updated: \\{"segments":\\[.*"urgent"\\]\\}$`), {
        stream: "stdout",
      });
      // The urgent rule's last step: once it shows, every rule has run for this visitor.
      await child.waitForLine(
        new RegExp(
          `^\\[${site}\\] plugin \\(private note\\): Flagged as urgent by Hello Hours: ${literal(DEMO_MESSAGE)}$`,
        ),
        { stream: "stdout" },
      );
    }
    const open = [businessHours(startedAt), businessHours(new Date())];
    if (open[0] !== undefined && open[0] === open[1]) {
      const answers = child.matching(/^\[Demo (Shop|Studio)\] Hello Hours: /, "stdout");
      expect(answers).toEqual(open[0] ? [] : DEMO.map((site) => `[${site}] Hello Hours: ${AFTER_HOURS_REPLY}`).sort());
    }
    expect(child.lines("stdout").slice(0, 3)).toEqual([
      expect.stringMatching(settingsLinkLine("Demo Shop", "demo-website-1")),
      expect.stringMatching(settingsLinkLine("Demo Studio", "demo-website-2")),
      "crisp-plugin dev: plugin.yaml runs against the built-in Crisp simulator (2 demo websites).",
    ]);

    child.signal("SIGINT");
    const exit = await child.exitWithin(WAIT_MS);

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(child.lines().filter((line) => STACK_LINE.test(line))).toEqual([]);
  });

  it("sends no demo message with --no-demo, and says it has no input to read and how to stop", async () => {
    const child = world.start(["dev", "--no-demo"], REPO_ROOT, { LOG_LEVEL: "info" });

    // The runtime's log says where it listens; once it answers there, Ctrl-C is handled.
    await child.ready(DEMO_MS);
    await child.waitForLine(NO_INPUT, { stream: "stdout" });
    child.signal("SIGINT");
    const exit = await child.exitWithin(WAIT_MS);

    expect(exit.code).toBe(0);
    expect(child.lines("stdout")).toEqual([
      expect.stringMatching(settingsLinkLine("Demo Shop", "demo-website-1")),
      expect.stringMatching(settingsLinkLine("Demo Studio", "demo-website-2")),
      "crisp-plugin dev: plugin.yaml runs against the built-in Crisp simulator (2 demo websites).",
      expect.stringMatching(NO_INPUT),
    ]);
  });
});

describe("crisp-plugin start (npm start)", () => {
  it("runs the demo against the built-in simulator when no plugin token is set", async () => {
    const child = world.start(["start"], REPO_ROOT);

    await child.waitForLine(new RegExp(`^\\[Demo Shop\\] visitor: ${literal(DEMO_MESSAGE)}$`), {
      stream: "stdout",
      timeoutMs: DEMO_MS,
    });
    // Signal handlers are installed right after the demo messages are printed: wait for an answer.
    await child.waitForLine(/^\[Demo Shop\] plugin \(private note\): /, { stream: "stdout" });
    expect(child.lines()[0]).toBe(
      "No CRISP_IDENTIFIER/CRISP_KEY in the environment: running against the built-in Crisp simulator.",
    );
    child.signal("SIGINT");
    expect((await child.exitWithin(WAIT_MS)).code).toBe(0);
  });

  it("runs the plugin against Crisp when the plugin token is set", async () => {
    const sim = await world.simulator({ websites: [{ website_id: "website-1" }] });
    // The memory store: the default one would be left in the checkout, shared by every later run.
    const child = world.start(["start"], REPO_ROOT, runEnvironment(sim, { CRISP_PLUGIN_STORE: "memory" }));

    await child.ready();

    expect(sim.rtmSockets()).toEqual([expect.objectContaining({ authenticated: true, websites: ["website-1"] })]);
    expect(child.lines("stdout")).toEqual([]);
    child.signal("SIGTERM");
    expect((await child.exitWithin(WAIT_MS)).code).toBe(0);
  });
});

/** The line `dev` prints with a demo website's settings page, the page Crisp would open. */
function settingsLinkLine(name: string, websiteId: string): RegExp {
  return new RegExp(
    `^\\[${name}\\] settings page: http://127\\.0\\.0\\.1:\\d+/settings\\?website_id=${websiteId}&token=token-${websiteId}$`,
  );
}

/** `text` as a literal inside a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
