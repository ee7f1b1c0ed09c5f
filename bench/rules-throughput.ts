/**
 * Matching and rendering, offline: events per second through 10, 100 and 1,000 rules, for the
 * engine (`handleEvent` in record mode) and for a hand-written TypeScript function doing the same
 * checks and building the same parameters, measured in the same run.
 */
import type { CrispRest } from "../src/core/ports/crisp-rest.js";
import { compileRuleSet, type RuleSet } from "../src/core/engine/compile-rule-set.js";
import type { CrispEvent } from "../src/core/engine/crisp-event.js";
import { handleEvent } from "../src/core/engine/handle-event.js";
import type { EngineDeps } from "../src/core/engine/engine-deps.js";
import { validateManifestBytes } from "../src/core/manifest/load-manifest.js";
import { silentLogger } from "../src/core/logging/logger.js";
import { compare, type Measurement } from "./measure.js";

/** One line of the table. */
export interface RulesRow {
  readonly rules: number;
  readonly listening: number;
  readonly engine: Measurement;
  readonly handWritten: Measurement;
  /** Engine time over hand-written time, the median of the rounds' ratios. */
  readonly ratio: number;
}

const SETTINGS = { greeting: "Hello", keyword: "refund" };
const URN = "urn:bench:rules:0";

/**
 * A manifest of `total` rules, of which `listening` listen to message:send; each has a type test, a
 * keyword regex, a templated `contains` and a send_message with a template. The others listen
 * to message:received (an operator's message: the same fields, another event).
 */
function manifestText(total: number, listening: number): string {
  const rules = Array.from({ length: total }, (_, index) => {
    const event = index < listening ? "message:send" : "message:received";
    return `  - id: rule-${index}
    on: ${event}
    if:
      - { path: data.type, equals: text }
      - { path: data.content, matches: { pattern: "\\\\b(order|refund)-${index}\\\\b", flags: i } }
      - { path: data.content, contains: "{{settings.keyword}}" }
    do:
      - action: send_message
        with: { content: "{{settings.greeting}} {{data.user.nickname}}, rule ${index} here." }`;
  });
  return `version: 1
plugin: { urn: "${URN}", name: Bench }
scopes:
  - { scope: website:conversation:messages, access: [read, write] }
  - { scope: website:conversation:states, access: [read] }
settings: { type: object }
rules:
${rules.join("\n")}
`;
}

function compile(total: number, listening: number): RuleSet {
  const loaded = validateManifestBytes("bench.yaml", new TextEncoder().encode(manifestText(total, listening)), ".");
  if (loaded.manifest === undefined) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
  return compileRuleSet(loaded.manifest);
}

/** What the hand-written function gives its caller: the steps to run, with the rule each comes from. */
interface HandWrittenCall {
  readonly rule: string;
  readonly action: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The same rules, written by hand the way a crisp-api plugin's `on("message:send")` handler would
 * be, producing what the engine's callers use: which rules ran (the runtime counts them) and each
 * step's rendered parameters. Like the engine, it ignores the plugin's own messages (the loop
 * guard), and awaits once per step that runs, as a real step awaits its action.
 */
function handWritten(
  total: number,
  listening: number,
): (event: CrispEvent, settings: typeof SETTINGS) => Promise<HandWrittenCall[]> {
  const patterns = Array.from({ length: total }, (_, index) => new RegExp(`\\b(order|refund)-${index}\\b`, "i"));
  const ids = Array.from({ length: total }, (_, index) => `rule-${index}`);
  return async (event, settings) => {
    const calls: HandWrittenCall[] = [];
    if (event.name !== "message:send") return calls;
    const data = event.data as { type?: unknown; content?: unknown; user?: { nickname?: string }; origin?: unknown };
    if (data.origin === URN) return calls;
    for (let index = 0; index < listening; index++) {
      if (data.type !== "text" || typeof data.content !== "string") continue;
      if (!(patterns[index] as RegExp).test(data.content)) continue;
      if (!data.content.toLowerCase().includes(settings.keyword.toLowerCase())) continue;
      const content = `${settings.greeting} ${data.user?.nickname ?? ""}, rule ${index} here.`;
      const params = { content, type: "text", from: "operator", stealth: false };
      calls.push({ rule: ids[index] as string, action: "send_message", params });
      await Promise.resolve();
    }
    return calls;
  };
}

function event(index: number): CrispEvent {
  return {
    name: "message:send",
    website_id: "website-1",
    session_id: `session-${index % 50}`,
    timestamp: 0,
    data: { type: "text", content: `Hi, refund-${index % 7} please`, user: { nickname: "Jane" }, origin: "chat" },
  };
}

const DEPS: EngineDeps = {
  crisp: {} as CrispRest,
  log: silentLogger,
  now: () => new Date(0),
  fetch: () => Promise.reject(new Error("offline")),
  mode: "record",
};

/** Runs the scenarios: all rules listening, then only 10 of them listening. */
export async function benchRules(options: { iterations: number }): Promise<RulesRow[]> {
  const scenarios = [
    [10, 10],
    [100, 100],
    [1000, 1000],
    [100, 10],
    [1000, 10],
  ] as const;
  const rows: RulesRow[] = [];
  for (const [total, listening] of scenarios) {
    const ruleSet = compile(total, listening);
    const hand = handWritten(total, listening);
    const website = { id: "website-1", settings: SETTINGS };
    await checkSameWork(ruleSet, hand);
    const iterations = Math.max(200, Math.floor((options.iterations * 10) / listening));
    const {
      a: engine,
      b: handMeasure,
      ratio,
    } = await compare(
      iterations,
      (i) => handleEvent(ruleSet, event(i), website, DEPS),
      (i) => hand(event(i), SETTINGS),
    );
    rows.push({ rules: total, listening, engine, handWritten: handMeasure, ratio });
  }
  return rows;
}

/**
 * Before timing anything: the engine and the hand-written function must pick the same rules and
 * render the same parameters, or the comparison means nothing.
 */
async function checkSameWork(ruleSet: RuleSet, hand: ReturnType<typeof handWritten>): Promise<void> {
  for (let i = 0; i < 14; i++) {
    const record = await handleEvent(ruleSet, event(i), { id: "website-1", settings: SETTINGS }, DEPS);
    const ran = record.rules.flatMap((rule) =>
      rule.outcome === "ran"
        ? rule.steps.map((step) => ({ rule: rule.rule, action: step.action, params: step.params }))
        : [],
    );
    const expected = JSON.stringify(await hand(event(i), SETTINGS));
    if (JSON.stringify(ran) !== expected)
      throw new Error(`event ${i}: the engine ran ${JSON.stringify(ran)}, by hand ${expected}`);
  }
}
