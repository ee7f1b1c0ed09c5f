import { stepKeyOf, type RuleContinuation, type StepLedger } from "../../core/engine/step-ledger.js";
import type { StepRecord, Store, WorkItem } from "../../core/ports/store.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WorkPayload } from "./event-work.js";

const DONE: Promise<void> = Promise.resolve();

/**
 * The engine's ledger for one work item, kept in the store. Ids derived from the work id and the
 * step (not random) make each write idempotent: a step done again after a restart replaces what it
 * wrote the first time instead of adding a second delay or dead letter.
 *
 * A step's `started` record is written before its action runs (the engine waits for it); its `done`
 * record is not waited for. The store takes operations in order, so it is written before anything
 * the work writes later (the next step's `started` record, the `complete` that forgets the work),
 * and at most the last step's `done` record can be lost with the process: that step then reads as
 * started, which is what it would read as had the process died just after its action, as before.
 * So the `done` record and the work's `complete` are one store write.
 */
export function createLedger(
  store: Store,
  item: WorkItem,
  payload: WorkPayload,
  steps: ReadonlyMap<string, StepRecord>,
  now: () => number,
  log: Logger,
): StepLedger {
  const continuation = (rest: RuleContinuation, dueAt: number, mayHaveRun = false): WorkItem => ({
    id: `${item.id}#${stepKeyOf(rest.ruleId, rest.fromStep)}`,
    conversation: item.conversation,
    dueAt,
    cancelOn: [],
    payload: JSON.stringify({
      event: payload.event,
      acceptedAt: payload.acceptedAt,
      resume: { ruleId: rest.ruleId, fromStep: rest.fromStep, steps: rest.steps },
      ...(mayHaveRun ? { firstStepMayHaveRun: true } : {}),
    } satisfies WorkPayload),
  });
  return {
    workId: item.id,
    steps,
    ...(payload.firstStepMayHaveRun ? { firstStepMayHaveRun: true } : {}),
    record: (key, record) => {
      const written = store.setStep(item.id, key, record);
      if (record.state === "started") return written;
      written.catch((error: unknown) => {
        log.warn(`work ${item.id}: step ${key} done, but not recorded (it reads as started if the work resumes)`, {
          conversation: item.conversation,
          error: error instanceof Error ? error.message : String(error),
        });
      });
      return DONE;
    },
    claimGuard: (key, until) => store.claimGuard(key, item.id, until, now()),
    defer: (rest, dueAt, cancelOn) => store.schedule({ ...continuation(rest, dueAt), cancelOn }),
    deadLetter: (failure) => {
      const { event } = payload;
      const at = now();
      // Replayed, the failed step may have reached Crisp: it checks before acting again.
      const replay = continuation(failure, at, true);
      return store.addDeadLetter({
        id: replay.id,
        at,
        websiteId: event.website_id,
        ...(event.session_id === undefined ? {} : { sessionId: event.session_id }),
        event: event.name,
        ruleId: failure.ruleId,
        stepIndex: failure.fromStep,
        action: failure.action,
        code: failure.code,
        reason: failure.reason,
        attempts: failure.attempts,
        ...(failure.params === undefined ? {} : { params: failure.params }),
        replay,
      });
    },
  };
}
