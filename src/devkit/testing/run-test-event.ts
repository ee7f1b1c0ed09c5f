import type { CrispRest } from "../../core/ports/crisp-rest.js";
import type { RuleSet } from "../../core/engine/compile-rule-set.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { DecisionRecord } from "../../core/engine/decision-record.js";
import { handleEvent } from "../../core/engine/handle-event.js";
import type { EngineDeps } from "../../core/engine/engine-deps.js";
import type { StepLedger } from "../../core/engine/step-ledger.js";
import { silentLogger } from "../../core/logging/logger.js";
import type { Store } from "../../core/ports/store.js";

/**
 * Runs one test event in record mode, at the event's own time: steps render their parameters and
 * nothing else happens. Every rule is explained (`explainAll`), so that a failing test can say why
 * a rule that does not listen to the event did not run either. Hooks are never passed: record mode
 * does not run them, and a test must stay free of side effects even if that changed; `stub`
 * answers hook and `http` steps from the test's `mocks:` instead.
 */
export function runTestEvent(
  ruleSet: RuleSet,
  settings: Readonly<Record<string, unknown>>,
  event: CrispEvent,
  guards?: Pick<Store, "claimGuard">,
  stub?: EngineDeps["stub"],
): Promise<DecisionRecord> {
  const now = new Date(event.timestamp);
  const deps: EngineDeps = { crisp: OFFLINE, log: silentLogger, now: () => now, fetch: offlineFetch, mode: "record" };
  return handleEvent(
    ruleSet,
    event,
    { id: event.website_id, settings },
    stub === undefined ? deps : { ...deps, stub },
    guards === undefined ? { explainAll: true } : { explainAll: true, ledger: guardsOnly(guards, event, now) },
  );
}

/**
 * A ledger that keeps only the rule guards (`once`, `cooldown`): record mode journals no step,
 * defers nothing and writes no dead letter, so those are never called.
 */
function guardsOnly(guards: Pick<Store, "claimGuard">, event: CrispEvent, now: Date): StepLedger {
  const workId = `test-event-${String(event.timestamp)}-${event.name}`;
  const unused = (): Promise<void> => Promise.reject(new Error("record mode does not journal steps"));
  return {
    workId,
    steps: new Map(),
    record: unused,
    claimGuard: (key, until) => guards.claimGuard(key, workId, until, now.getTime()),
    defer: unused,
    deadLetter: unused,
  };
}

/** Tests never reach Crisp; the engine does not call it in record mode, and this proves it. */
const OFFLINE = new Proxy({} as CrispRest, {
  // `then` stays undefined so that the proxy is not mistaken for a promise.
  get: (_target, key) => (key === "then" ? undefined : () => Promise.reject(new Error("tests do not call Crisp"))),
});

const offlineFetch: typeof fetch = () => Promise.reject(new Error("tests make no HTTP request"));
