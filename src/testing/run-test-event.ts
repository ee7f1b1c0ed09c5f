import type { CrispRest } from "../crisp/crisp-rest.js";
import type { RuleSet } from "../engine/compile-rule-set.js";
import type { CrispEvent } from "../engine/crisp-event.js";
import type { DecisionRecord } from "../engine/decision-record.js";
import { handleEvent } from "../engine/handle-event.js";
import { silentLogger } from "../observability/logger.js";

/**
 * Runs one test event in record mode, at the event's own time: steps render their parameters and
 * nothing else happens. Every rule is explained (`explainAll`), so that a failing test can say why
 * a rule that does not listen to the event did not run either. Hooks are never passed: record mode
 * does not run them, and a test must stay free of side effects even if that changed.
 */
export function runTestEvent(
  ruleSet: RuleSet,
  settings: Readonly<Record<string, unknown>>,
  event: CrispEvent,
): Promise<DecisionRecord> {
  const now = new Date(event.timestamp);
  return handleEvent(
    ruleSet,
    event,
    { id: event.website_id, settings },
    { crisp: OFFLINE, log: silentLogger, now: () => now, fetch: offlineFetch, mode: "record" },
    { explainAll: true },
  );
}

/** Tests never reach Crisp; the engine does not call it in record mode, and this proves it. */
const OFFLINE = new Proxy({} as CrispRest, {
  // `then` stays undefined so that the proxy is not mistaken for a promise.
  get: (_target, key) => (key === "then" ? undefined : () => Promise.reject(new Error("tests do not call Crisp"))),
});

const offlineFetch: typeof fetch = () => Promise.reject(new Error("tests make no HTTP request"));
