/**
 * The two workloads of the end-to-end benchmark: the 20-rule support desk (bench/fixtures/
 * support-desk.yaml) and one rule answering every visitor message (bench/fixtures/one-rule.yaml).
 * Each pairs a manifest with the hand-written crisp-api plugin doing the same, the websites of the
 * simulator and the events to play. The simpler the plugin, the more the runtime's per-event
 * bookkeeping shows: the one-rule workload is where it is measured best.
 */
import { fileURLToPath } from "node:url";
import type { WebsiteSeed } from "../src/devkit/simulator/simulated-website.js";
import { benchEvents, benchWebsites, websiteId, type BenchEvent } from "./support-desk-workload.js";

/** Which hand-written plugin a child starts (bench/plugin-child.ts). */
export type HandWrittenKind = "support-desk" | "one-rule";

/** What the end-to-end benchmark plays, and against which baseline. */
export interface Workload {
  readonly name: HandWrittenKind;
  /** "20 rules", "1 rule": for table titles. */
  readonly rules: string;
  readonly manifest: string;
  readonly websites: number;
  readonly seedWebsites: (count: number) => WebsiteSeed[];
  /** `count` events over `websites` websites, each in its own conversation named after `prefix`. */
  readonly events: (options: { count: number; websites: number; prefix: string; seed: number }) => BenchEvent[];
}

export const SUPPORT_DESK_WORKLOAD: Workload = {
  name: "support-desk",
  rules: "20 rules",
  manifest: fileURLToPath(new URL("./fixtures/support-desk.yaml", import.meta.url)),
  websites: 1_000,
  seedWebsites: (count) => benchWebsites(count),
  events: benchEvents,
};

export const ONE_RULE_WORKLOAD: Workload = {
  name: "one-rule",
  rules: "1 rule",
  manifest: fileURLToPath(new URL("./fixtures/one-rule.yaml", import.meta.url)),
  websites: 100,
  seedWebsites: (count) => Array.from({ length: count }, (_, index) => ({ website_id: websiteId(index) })),
  events: visitorMessages,
};

export const WORKLOADS: readonly Workload[] = [SUPPORT_DESK_WORKLOAD, ONE_RULE_WORKLOAD];

let fingerprint = 1;

/** Visitor text messages, each in its own conversation, spread over the websites in turn. */
function visitorMessages(options: { count: number; websites: number; prefix: string }): BenchEvent[] {
  return Array.from({ length: options.count }, (_, index) => {
    const sessionId = `session_${options.prefix}-${index}`;
    return {
      websiteId: websiteId(index % options.websites),
      sessionId,
      peopleId: `people_${options.prefix}-${index}`,
      segments: [],
      name: "message:send",
      data: {
        session_id: sessionId,
        type: "text",
        from: "user",
        origin: "chat",
        content: `Hello, question number ${index}`,
        fingerprint: fingerprint++,
        timestamp: Date.now(),
        user: { nickname: "Visitor", user_id: "visitor" },
      },
    };
  });
}
