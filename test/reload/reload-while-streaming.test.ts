import { afterEach, describe, expect, it } from "vitest";
import type { RuntimeInternals } from "../../src/runtime/run/start-runtime.js";
import { manifestYaml, ReloadWorld, replyRule, sleep, type Reply } from "./reload-harness.js";

const WEBSITES = ["site-1", "site-2", "site-3", "site-4", "site-5"];
/** Visitor messages per second, across the websites. */
const RATE = 400;
/** Messages sent and not answered yet, at most. */
const IN_FLIGHT = 200;
const REWRITES = 20;

/** One rewrite of plugin.yaml: its marker, whether it is valid, and whether it adds `message:received`. */
interface Rewrite {
  readonly marker: number;
  readonly kind: "valid" | "yaml-syntax-error" | "unknown-event";
  /** A valid version listening to `message:received` too, which makes the runtime switch sockets. */
  readonly operatorRule: boolean;
}

/** Rewrites 1..20: every fifth from the 2nd has a YAML syntax error, every fifth from the 4th an unknown event. */
function rewrites(): Rewrite[] {
  let valid = 0;
  return Array.from({ length: REWRITES }, (_, index) => {
    const marker = index + 1;
    const kind = marker % 5 === 2 ? "yaml-syntax-error" : marker % 5 === 4 ? "unknown-event" : "valid";
    const operatorRule = kind === "valid" && valid++ % 2 === 0;
    return { marker, kind, operatorRule };
  });
}

/**
 * The circuit breaker's limit: every message of a website lands in its one conversation, 80 a
 * second, which is load, not a loop (the default of 20 steps a minute would rightly stop it).
 */
const circuitBreaker = { actions_per_minute: 10_000 };

/** The manifest of a rewrite: its reply quotes the visitor's message behind the marker. */
function manifestOf(rewrite: Pick<Rewrite, "marker" | "kind" | "operatorRule">): string {
  const reply = replyRule("reply", `v${rewrite.marker}:{{data.content}}`);
  const operator = { id: "operator-wrote", on: "message:received", do: [{ action: "log", with: { message: "hi" } }] };
  if (rewrite.kind === "unknown-event") {
    return manifestYaml({ circuitBreaker, rules: [{ ...reply, on: "message:sent" }] });
  }
  const text = manifestYaml({ circuitBreaker, rules: rewrite.operatorRule ? [reply, operator] : [reply] });
  return rewrite.kind === "yaml-syntax-error" ? `${text}  - id: broken\n    on: [message:send\n` : text;
}

/**
 * Emits RATE visitor messages per second, in turn on each website, each with its own content and
 * fingerprint. It catches up with the clock at every tick, so a busy event loop makes bursts, not
 * fewer messages; but it never has more than IN_FLIGHT messages unanswered, so a loaded machine
 * slows the stream down instead of piling up a backlog the test then waits for.
 */
function startProducer(world: ReloadWorld): { stop: () => void; emitted: { n: number; websiteId: string }[] } {
  const emitted: { n: number; websiteId: string }[] = [];
  let owed = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    owed = Math.min(owed + ((now - last) * RATE) / 1_000, IN_FLIGHT);
    last = now;
    let unanswered = emitted.length - world.replies().length;
    for (; owed >= 1 && unanswered < IN_FLIGHT; owed -= 1, unanswered += 1) {
      const n = emitted.length + 1;
      const websiteId = WEBSITES[n % WEBSITES.length] ?? "";
      world.say(websiteId, `msg-${n}`, n);
      emitted.push({ n, websiteId });
    }
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
    },
    emitted,
  };
}

/** The marker of the live version's reply. */
function liveMarker(runtime: RuntimeInternals): number | undefined {
  const match = /"v(\d+):/.exec(JSON.stringify(runtime.version().manifest.rules));
  return match === null ? undefined : Number(match[1]);
}

/** A reply's marker and message number; throws on a reply no version could have written. */
function parse(reply: Reply): { marker: number; n: number } {
  const match = /^v(\d+):msg-(\d+)$/.exec(reply.content);
  if (match === null) throw new Error(`a reply mixing versions or garbled: ${JSON.stringify(reply)}`);
  return { marker: Number(match[1]), n: Number(match[2]) };
}

const world = new ReloadWorld();
afterEach(() => world.dispose());

describe("reloading plugin.yaml while events stream in", () => {
  it("answers every message exactly once, each by one valid version, in order, while 20 rewrites land", async () => {
    await world.start({
      websites: WEBSITES.map((website_id) => ({ website_id })),
      files: { "plugin.yaml": manifestOf({ marker: 0, kind: "valid", operatorRule: false }) },
    });
    const plan = rewrites();
    const producer = startProducer(world);
    const outcomes: { rewrite: Rewrite; outcome: string | undefined; version: number | undefined; lines: string[] }[] =
      [];
    try {
      await sleep(100);
      for (const rewrite of plan) {
        const { status, lines } = await world.save("plugin.yaml", manifestOf(rewrite), (now, runtime) =>
          rewrite.kind === "valid" ? liveMarker(runtime) === rewrite.marker : now.last?.outcome === "rejected",
        );
        outcomes.push({ rewrite, outcome: status.last?.outcome, version: status.last?.version, lines });
        // 0 to 36 ms more: the rewrites land 50 to 100 ms apart (the watcher waits ~45 ms for a save to settle).
        await sleep((rewrite.marker * 7) % 37);
      }
      await sleep(300);
    } finally {
      producer.stop();
    }
    // Every message answered (the signal), then nothing more for a while (no late doubles).
    await world.untilReplies(producer.emitted.length);
    await world.settle();

    const replies = world.replies().map((reply) => ({ ...reply, ...parse(reply) }));
    const perMessage = new Map<number, number>();
    for (const reply of replies) perMessage.set(reply.n, (perMessage.get(reply.n) ?? 0) + 1);
    const lost = producer.emitted.filter(({ n }) => !perMessage.has(n)).map(({ n }) => n);
    const doubled = [...perMessage].filter(([, count]) => count > 1).map(([n]) => n);
    expect({ lost, doubled }).toEqual({ lost: [], doubled: [] });
    expect(replies).toHaveLength(producer.emitted.length);
    // The stream went on through the rewrites: answers freed room for more than its first window.
    expect(producer.emitted.length).toBeGreaterThan(IN_FLIGHT);

    const validMarkers = [0, ...plan.filter((r) => r.kind === "valid").map((r) => r.marker)];
    const seenMarkers = [...new Set(replies.map((reply) => reply.marker))].sort((a, b) => a - b);
    expect(seenMarkers.every((marker) => validMarkers.includes(marker))).toBe(true);
    expect(seenMarkers.at(-1)).toBe(REWRITES);

    for (const websiteId of WEBSITES) {
      const markers = replies
        .filter((reply) => reply.websiteId === websiteId)
        .sort((a, b) => a.n - b.n)
        .map((reply) => reply.marker);
      const backwards = markers.findIndex((marker, index) => index > 0 && marker < (markers[index - 1] ?? 0));
      expect({ websiteId, backwards }).toEqual({ websiteId, backwards: -1 });
    }

    // Each save's own reload, and its log line; versions only move forward.
    let live = 1;
    for (const { rewrite, outcome, version, lines } of outcomes) {
      if (rewrite.kind === "valid") {
        expect({ marker: rewrite.marker, outcome }).toEqual({ marker: rewrite.marker, outcome: "applied" });
        expect(version).toBeGreaterThan(live);
        live = version ?? live;
        expect(lines).toContain(`INFO  plugin.yaml reloaded: version ${live} is live`);
      } else {
        expect({ marker: rewrite.marker, outcome }).toEqual({ marker: rewrite.marker, outcome: "rejected" });
        // The live version stays; it may be one more than the last save's when the watcher reported
        // that save twice (the same text reloaded again) before this one.
        expect(version).toBeGreaterThanOrEqual(live);
        live = version ?? live;
        expect(lines).toContain(`WARN  plugin.yaml has errors: version ${live} stays active`);
      }
    }
    // A save the watcher reports twice reloads the same text again: it changes nothing.
    expect(world.matching(/rules changed: reply$/)).toHaveLength(validMarkers.length - 1);
    expect(world.matching(/events now listened to: message:received/)).toHaveLength(6);
    expect(world.matching(/events no longer listened to: message:received/)).toHaveLength(6);

    const sockets = world.sim.rtmSockets();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.events).not.toContain("message:received");
  });

  it("reloads a burst of saves once, with the last one", async () => {
    await world.start({
      websites: [{ website_id: "site-1" }],
      files: { "plugin.yaml": manifestOf({ marker: 0, kind: "valid", operatorRule: false }) },
    });
    await world.untilWatching("plugin.yaml");
    const live = world.runtime.version().number;
    const reloads = world.runtime.reloader.status().count;

    // Five saves within a few milliseconds, as an editor's save-all or a formatter on save does.
    const saves = [1, 2, 3, 4, 5].map((marker) => manifestOf({ marker, kind: "valid", operatorRule: false }));
    const { status } = await world.saveBurst("plugin.yaml", saves, (_, runtime) => liveMarker(runtime) === 5);
    await sleep(300);

    expect(status.last).toMatchObject({ outcome: "applied", version: live + 1 });
    expect(world.matching(/rules changed: reply$/)).toEqual(["INFO  rules changed: reply"]);
    expect(world.runtime.reloader.status().count - reloads).toBe(1);
    world.say("site-1", "after", 1);
    expect((await world.untilReplies(1)).map((reply) => reply.content)).toEqual(["v5:after"]);
  });
});
