import type { ActionContext } from "../../src/core/actions/action-context.js";
import { createCrispGateway, type CrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import type { CrispEvent } from "../../src/core/engine/crisp-event.js";
import { KitError } from "../../src/core/errors/kit-error.js";
import { createLogger, type Logger } from "../../src/core/logging/logger.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";

export const WEBSITE = "website-1";
export const SESSION = "session_a1b2";
export const URN = "urn:test:actions:0";

/** A simulator with one website and one conversation, and the gateway (crisp-api's routes) on it. */
export async function startWorld(): Promise<{ sim: CrispSimulator; crisp: CrispRest; gateway: CrispGateway }> {
  const sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE, token: "t" }], pluginUrn: URN });
  sim.createConversation(WEBSITE, { session_id: SESSION, people_id: "people-1", meta: { segments: ["vip"] } });
  // One attempt: these tests see each answer of Crisp as the action gets it (retries are tested in test/crisp).
  const gateway = createCrispGateway({ ...sim.credentials, restHost: sim.url, retry: { attempts: 1 } });
  return { sim, crisp: createCrispRest(gateway), gateway };
}

/** A visitor's text message in the test conversation. */
export function visitorMessage(content = "hello", extra: Record<string, unknown> = {}): CrispEvent {
  return {
    name: "message:send",
    website_id: WEBSITE,
    session_id: SESSION,
    timestamp: 1_700_000_000_000,
    data: { website_id: WEBSITE, session_id: SESSION, type: "text", from: "user", origin: "chat", content, ...extra },
  };
}

/** The context an action runs with, logging into `lines`. */
export function actionContext(
  crisp: CrispRest,
  options: {
    event?: CrispEvent;
    allow?: string[];
    timeoutMs?: number;
    lines?: string[];
    stepKey?: string;
    resumed?: boolean;
  } = {},
): ActionContext {
  const lines = options.lines ?? [];
  const log: Logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
  return {
    crisp,
    event: options.event ?? visitorMessage(),
    plugin: { urn: URN, name: "Test" },
    http: { allow: options.allow ?? [], timeoutMs: options.timeoutMs ?? 2_000, fetch },
    log,
    ruleId: "rule-1",
    stepIndex: 0,
    stepKey: options.stepKey ?? "work-1#rule-1#0",
    resumed: options.resumed ?? false,
  };
}

/** The `KitError` a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<KitError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof KitError)) throw new Error(`expected a KitError, got ${String(error)}`);
  return error;
}
