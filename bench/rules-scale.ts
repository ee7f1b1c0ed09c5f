/**
 * Rules at scale, in the running runtime (`crisp-plugin run` in a child process, against the
 * simulator over loopback): events per second and CPU time per event with 10, 100 and 1,000 rules,
 * once with only 10 of them listening to the event (the others listen to other events), once with
 * all of them listening. Each event matches exactly one rule, which sends one message, so every
 * configuration makes the same REST calls and only the rules looked at differ.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "../src/devkit/simulator/json-object.js";
import { startCrispSimulator } from "../src/devkit/simulator/start-crisp-simulator.js";
import { clock, driveWorkload } from "./drive-workload.js";
import { launchPlugin, type PluginVariant } from "./plugin-process.js";
import { median } from "./stats.js";
import { websiteId, type BenchEvent } from "./support-desk-workload.js";

/** One configuration: how many rules, and how many of them listen to `message:send`. */
export interface RulesConfig {
  readonly rules: number;
  readonly listening: number;
}

/** Sizes of the rules benchmark. */
export interface RulesScaleOptions {
  readonly configs: readonly RulesConfig[];
  readonly rounds: number;
  readonly warmupEvents: number;
  /** Events emitted at once, per configuration and round. */
  readonly burstEvents: number;
  /** The runtime to measure (a store backend is part of it). */
  readonly variant: PluginVariant;
  readonly progress: (line: string) => void;
}

/** One configuration's figures: medians over the rounds. */
export interface RulesScaleRow extends RulesConfig {
  readonly eventsPerSecond: number;
  readonly cpuPerEventMs: number;
}

const WEBSITES = 100;
/**
 * The event the rules that do not listen to `message:send` listen to instead: an operator's message,
 * whose data has the fields their conditions read (validate refuses a rule reading a field its
 * event does not have).
 */
const OTHER_EVENTS = ["message:received"];

/** Runs every configuration in each round, in alternating order. */
export async function benchRulesScale(options: RulesScaleOptions): Promise<RulesScaleRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "crisp-plugin-bench-rules-"));
  const sim = await startCrispSimulator({
    websites: Array.from({ length: WEBSITES }, (_, i) => ({ website_id: websiteId(i) })),
    now: clock,
  });
  try {
    const samples = new Map<RulesConfig, { eventsPerSecond: number; cpuPerEventMs: number }[]>();
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? options.configs : [...options.configs].reverse();
      for (const config of order) {
        options.progress(
          `  ${config.rules} rules, ${config.listening} listening, round ${round + 1}/${options.rounds}`,
        );
        const manifest = join(dir, `rules-${config.rules}-${config.listening}.yaml`);
        await writeFile(manifest, manifestText(config));
        const plugin = await launchPlugin(options.variant, sim, { manifest });
        let keepLog = false;
        try {
          await plugin.start(WEBSITES);
          const prefix = `${round}-${config.rules}-${config.listening}`;
          const warm = events(`${prefix}-warm`, options.warmupEvents);
          await driveWorkload(sim, warm, { rate: 400, expectedCalls: warm.length, quietMs: 5_000 });
          const burst = events(`${prefix}-burst`, options.burstEvents);
          const before = await plugin.usage();
          const result = await driveWorkload(sim, burst, { expectedCalls: burst.length, quietMs: 10_000 });
          const after = await plugin.usage();
          if (result.calls !== burst.length) {
            keepLog = true;
            throw new Error(
              `${config.rules} rules: expected ${burst.length} calls, got ${result.calls}; see ${plugin.logFile}`,
            );
          }
          const list = samples.get(config) ?? [];
          list.push({
            eventsPerSecond: (result.events * 1000) / result.durationMs,
            cpuPerEventMs: (after.cpuMs - before.cpuMs) / result.events,
          });
          samples.set(config, list);
        } finally {
          await plugin.stop({ keepLog });
          sim.clearCalls();
        }
      }
    }
    return options.configs.map((config) => {
      const list = samples.get(config) ?? [];
      return {
        ...config,
        eventsPerSecond: median(list.map((s) => s.eventsPerSecond)),
        cpuPerEventMs: median(list.map((s) => s.cpuPerEventMs)),
      };
    });
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Visitor messages naming one of the first ten rules' keywords each, in their own conversations. */
function events(prefix: string, count: number): BenchEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const sessionId = `session_${prefix}-${i}`;
    const data: JsonObject = {
      session_id: sessionId,
      type: "text",
      from: "user",
      origin: "chat",
      content: `About kw-${i % 10}: I would like a refund please`,
      fingerprint: i + 1,
      timestamp: Date.now(),
      user: { nickname: "Visitor", user_id: "visitor" },
    };
    return {
      websiteId: websiteId(i % WEBSITES),
      sessionId,
      peopleId: `people_${prefix}-${i}`,
      segments: [],
      name: "message:send",
      data,
    };
  });
}

/**
 * `rules` rules like those of the offline engine benchmark (a type test, a keyword regex, a
 * templated `contains`, a templated reply); the first `listening` listen to `message:send`.
 */
export function manifestText(config: RulesConfig): string {
  const rules = Array.from({ length: config.rules }, (_, index) => {
    const event = index < config.listening ? "message:send" : OTHER_EVENTS[index % OTHER_EVENTS.length];
    return `  - id: rule-${index}
    on: ${event}
    if:
      - { path: data.type, equals: text }
      - { path: data.content, matches: { pattern: "\\\\bkw-${index}\\\\b", flags: i } }
      - { path: data.content, contains: "{{settings.keyword}}" }
    do:
      - action: send_message
        with: { content: "{{settings.greeting}} {{data.user.nickname}}, rule ${index} here." }`;
  });
  return `version: 1
plugin: { urn: "urn:bench:rules-scale:0", name: Bench Rules Scale }
scopes:
  - { scope: website:conversation:messages, access: [read, write] }
  - { scope: website:conversation:sessions, access: [read] }
  - { scope: website:conversation:states, access: [read] }
settings:
  type: object
  properties:
    greeting: { type: string, default: Hello }
    keyword: { type: string, default: refund }
rules:
${rules.join("\n")}
`;
}
