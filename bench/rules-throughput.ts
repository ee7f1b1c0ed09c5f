/**
 * Matching and rendering, offline: events per second through 10, 100 and 1,000 rules, for the
 * engine (`handleEvent` in record mode) and for a hand-written TypeScript function doing the same
 * checks and building the same parameters, measured in the same run.
 */
import type { CrispRest } from "../src/crisp/crisp-rest.js";
import { compileRuleSet, type RuleSet } from "../src/engine/compile-rule-set.js";
import type { CrispEvent } from "../src/engine/crisp-event.js";
import { handleEvent, type EngineDeps } from "../src/engine/handle-event.js";
import { validateManifestBytes } from "../src/manifest/load-manifest.js";
import { silentLogger } from "../src/observability/logger.js";
import { compare, type Measurement } from "./measure.js";

/** One line of the table. */
export interface RulesRow {
  readonly rules: number;
  readonly listening: number;
  readonly engine: Measurement;
  readonly handWritten: Measurement;
}

const SETTINGS = { greeting: "Hello", keyword: "refund" };

/**
 * A manifest of `total` rules, of which `listening` listen to message:send; each has a type test, a
 * keyword regex, a templated `contains` and a send_message with a template. The others listen
 * to session:set_state.
 */
function manifestText(total: number, listening: number): string {
  const rules = Array.from({ length: total }, (_, index) => {
    const event = index < listening ? "message:send" : "session:set_state";
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
plugin: { urn: "urn:bench:rules:0", name: Bench }
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

/** The same rules, written by hand the way a crisp-api plugin's `on("message:send")` handler would be. */
function handWritten(
  total: number,
  listening: number,
): (event: CrispEvent, settings: typeof SETTINGS) => Promise<unknown[]> {
  const patterns = Array.from({ length: total }, (_, index) => new RegExp(`\\b(order|refund)-${index}\\b`, "i"));
  return async (event, settings) => {
    const calls: unknown[] = [];
    if (event.name !== "message:send") return calls;
    const data = event.data as { type?: unknown; content?: unknown; user?: { nickname?: string } };
    for (let index = 0; index < listening; index++) {
      if (data.type !== "text" || typeof data.content !== "string") continue;
      if (!(patterns[index] as RegExp).test(data.content)) continue;
      if (!data.content.toLowerCase().includes(settings.keyword.toLowerCase())) continue;
      const content = `${settings.greeting} ${data.user?.nickname ?? ""}, rule ${index} here.`;
      calls.push({ content, type: "text", from: "operator", stealth: false });
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
    const iterations = Math.max(200, Math.floor((options.iterations * 10) / listening));
    const [engine, handMeasure] = await compare(
      iterations,
      (i) => handleEvent(ruleSet, event(i), website, DEPS),
      (i) => hand(event(i), SETTINGS),
    );
    rows.push({ rules: total, listening, engine, handWritten: handMeasure });
  }
  return rows;
}
