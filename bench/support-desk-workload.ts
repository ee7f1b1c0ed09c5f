/**
 * The websites and events the end-to-end benchmark plays against bench/fixtures/support-desk.yaml:
 * a deterministic mix (seeded), so that every plugin and every round sees the same traffic. Most
 * events match one to three rules; some match none (a plain "thanks" in business hours).
 */
import type { JsonObject } from "../src/devkit/simulator/json-object.js";
import type { WebsiteSeed } from "../src/devkit/simulator/simulated-website.js";
import { seededRandom } from "../src/devkit/simulator/seeded-random.js";

/** One event to emit, in its own conversation (created beforehand with a contact). */
export interface BenchEvent {
  readonly websiteId: string;
  readonly sessionId: string;
  readonly peopleId: string;
  /** Segments the conversation starts with. */
  readonly segments: readonly string[];
  readonly name: string;
  readonly data: JsonObject;
}

/** A small seeded generator (the simulator's): the same seed gives the same workload. */
export const createRandom = seededRandom;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const TIMEZONES = ["Europe/Paris", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];

/** `count` websites, most on default settings, the others customised as their owners would. */
export function benchWebsites(count: number, seed = 7): WebsiteSeed[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const settings: JsonObject = {};
    if (random() < 0.25) Object.assign(settings, { greeting: "Hi", sender_name: `Team ${index % 50}` });
    if (random() < 0.3) settings.timezone = pick(random, TIMEZONES);
    if (random() < 0.3) settings.auto_read = true;
    if (random() < 0.1) settings.csat_enabled = false;
    if (random() < 0.2) settings.escalation_operator = `operator-${index % 7}`;
    if (random() < 0.15)
      Object.assign(settings, { keywords: ["warranty", "invoice", "shipping"], keyword_segment: "sales" });
    return { website_id: websiteId(index), settings };
  });
}

export function websiteId(index: number): string {
  return `website-${String(index).padStart(6, "0")}`;
}

const VISITOR_TEXTS = [
  "Hello, I have a question about my account",
  "hi there",
  "How much does the pro plan cost?",
  "I want a refund for my last invoice",
  "Can I get my money back?",
  "URGENT: the checkout page is down",
  "Where is my order #48213?",
  "order 99812 has not arrived, delivery is late",
  "jane.doe@example.com",
  "check this out bit.ly/3xYzAb great offer",
  "I forgot my password",
  "ok thanks",
  "Do you ship to Canada?",
  "hello, pricing for a team of 40 please, it's urgent",
  "Is there a discount for non-profits?",
  "The app crashes when I upload a photo",
];
const OPERATOR_TEXTS = ["Let me check that for you.", "Good news: refund approved.", "Could you send a screenshot?"];
const EMAILS = ["lead@gmail.com", "cto@acme-industries.com", "buyer@yahoo.fr", "ops@initech.io"];

type Shape = (random: () => number) => { name: string; data: JsonObject };

/** The event mix: weight, then how to build one. */
const MIX: readonly [number, Shape][] = [
  [60, (random) => ({ name: "message:send", data: visitorMessage("text", pick(random, VISITOR_TEXTS)) })],
  [
    5,
    () => ({
      name: "message:send",
      data: visitorMessage("file", {
        name: "screenshot.png",
        url: "https://files.example.com/s.png",
        type: "image/png",
      }),
    }),
  ],
  [14, (random) => ({ name: "message:received", data: operatorMessage(pick(random, OPERATOR_TEXTS)) })],
  [6, (random) => ({ name: "session:set_email", data: { email: pick(random, EMAILS) } })],
  [6, (random) => ({ name: "session:set_state", data: { state: random() < 0.75 ? "resolved" : "unresolved" } })],
  [3, (random) => ({ name: "message:updated", data: ratingUpdate(pick(random, ["5", "3", "1"])) })],
  [3, (random) => ({ name: "session:set_segments", data: { segments: random() < 0.6 ? ["urgent"] : ["billing"] } })],
  [3, (random) => ({ name: "session:set_block", data: { is_blocked: random() < 0.8 } })],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [weight]) => sum + weight, 0);

/**
 * `count` events over `websites`, each in its own conversation named `${prefix}-${index}` (a new
 * prefix per round keeps rounds apart in the simulator's state).
 */
export function benchEvents(options: {
  readonly count: number;
  readonly websites: number;
  readonly prefix: string;
  readonly seed?: number;
}): BenchEvent[] {
  const random = createRandom(options.seed ?? 11);
  return Array.from({ length: options.count }, (_, index) => {
    let roll = random() * TOTAL_WEIGHT;
    const shape = MIX.find(([weight]) => (roll -= weight) < 0)?.[1] ?? (MIX[0] as [number, Shape])[1];
    const { name, data } = shape(random);
    const sessionId = `session_${options.prefix}-${index}`;
    return {
      websiteId: websiteId(Math.floor(random() * options.websites)),
      sessionId,
      peopleId: `people_${options.prefix}-${index}`,
      segments: random() < 0.5 ? ["after-hours"] : [],
      name,
      data: { ...data, session_id: sessionId },
    };
  });
}

let fingerprint = 1;

function visitorMessage(type: string, content: JsonObject[string]): JsonObject {
  return {
    type,
    from: "user",
    origin: "chat",
    content,
    fingerprint: fingerprint++,
    timestamp: Date.now(),
    user: { nickname: "Visitor", user_id: "visitor" },
  };
}

function operatorMessage(content: string): JsonObject {
  return {
    type: "text",
    from: "operator",
    origin: "chat",
    content,
    fingerprint: fingerprint++,
    timestamp: Date.now(),
    user: { nickname: "Alice", user_id: "operator-1" },
  };
}

/** The visitor picked a rating: Crisp updates the plugin's own picker message. */
function ratingUpdate(value: string): JsonObject {
  return {
    fingerprint: fingerprint++,
    type: "picker",
    from: "operator",
    origin: "urn:crisp-plugin-kit:bench-support-desk:0",
    content: {
      id: "csat",
      text: "How did we do?",
      choices: ["5", "3", "1"].map((choice) => ({ value: choice, label: choice, selected: choice === value })),
    },
  };
}
