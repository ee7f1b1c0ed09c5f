import { stepKeyOf, type RuleContinuation, type StepLedger } from "../../core/engine/step-ledger.js";
import type { StepRecord, Store, WorkItem } from "../../core/ports/store.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WorkPayload } from "./event-work.js";
import type { HeldWork } from "./held-work.js";

const RECORDED: Promise<void> = Promise.resolve();

/**
 * The engine's ledger for one work item, kept in the store. Ids derived from the work id and the
 * step (not random) make each write idempotent: a step done again after a restart replaces what it
 * wrote the first time instead of adding a second delay or dead letter.
 *
 * Step records are not waited for: the store takes operations in order, so a step's `started`
 * record is kept before its `done` record, and both before anything the work writes later (the next
 * step's records, a delay, a dead letter, the `complete` that forgets the work). Only the records of
 * the last moments can be lost with the process, and a work item started again after that is run
 * with `startedBefore`: every step without a `done` record may have run, so `send_message` looks
 * for its message before sending, as it does for a step recorded as started. Hence an event's first
 * REST call waits for one store write (its acceptance and start count), and its last step's `done`
 * record and the work's `complete` are one write.
 *
 * For the same reason, on the item's first start (`startedBefore` false) `started` records are not
 * written at all: the start count, written before any step ran, already tells a later start that
 * every step without a `done` record may have run. From the second start on they are, so that an
 * item the process keeps dying on is quarantined naming the step that was running.
 *
 * Under a hold (a store replicas share), a step's `started` record is written under the hold's
 * fencing token and waited for, on any start, so a replica that lost the hold stops there, before
 * an action that is not safe to repeat; unless the store confirmed the hold less than a tenth of its
 * lease ago ({@link HeldWork.confirmed}: the event was just accepted, the previous item finished, or
 * a renewal answered, each extending the lease), since no other replica can take it over before
 * the whole lease ran out. Not waited for (from the second start on), the record is still written
 * under the token: refused, the next step stops.
 *
 * A `done` record is held back until the end of the turn of the event loop, or until anything else
 * is written for the work (kept in order): when the work finishes in that turn, as a one-step rule
 * does right after its REST call, the record is dropped ({@link WorkLedger.finished}), since the
 * `complete` that follows in the same write forgets the work's records anyway. A process that dies
 * in that turn loses both, as it would lose them written.
 */
export function createLedger(
  store: Store,
  item: WorkItem,
  payload: WorkPayload,
  steps: ReadonlyMap<string, StepRecord>,
  now: () => number,
  log: Logger,
  startedBefore: boolean,
  held?: HeldWork,
): WorkLedger {
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
      origin: payload.origin ?? item.id,
    } satisfies WorkPayload),
  });
  const write = (key: string, record: StepRecord): void => {
    const writing = held === undefined ? store.setStep(item.id, key, record) : held.setStep(item.id, key, record);
    writing.catch((error: unknown) => {
      log.warn(`work ${item.id}: step ${key} ${record.state}, but not recorded`, {
        conversation: item.conversation,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  };
  // `done` records not written yet, in order; written at the end of the turn unless dropped first.
  let heldBack: [string, StepRecord][] = [];
  let finished = false;
  const flush = (): void => {
    const records = heldBack;
    heldBack = [];
    for (const [key, record] of records) write(key, record);
  };
  /** Writes what was held back before `then`, so that the store takes every write in order. */
  const inOrder =
    <A extends unknown[], R>(then: (...args: A) => R) =>
    (...args: A): R => {
      flush();
      return then(...args);
    };
  return {
    // The rest of a rule keeps the event's work id: a step is the same step, replayed or resumed.
    workId: payload.origin ?? item.id,
    steps,
    ...(payload.firstStepMayHaveRun ? { firstStepMayHaveRun: true } : {}),
    ...(startedBefore ? { startedBefore: true } : {}),
    record: (key, record) => {
      if (record.state === "done" && !finished) {
        if (heldBack.length === 0) {
          setImmediate(() => {
            if (!finished) flush();
          });
        }
        heldBack.push([key, record]);
        return RECORDED;
      }
      if (record.state === "started") {
        const confirmed = held === undefined || held.confirmed();
        // On the item's first start the start count already says every step may have run.
        if (!startedBefore && confirmed) return RECORDED;
        flush();
        if (!confirmed) return held.setStep(item.id, key, record);
        // Under a hold the store confirmed moments ago, it is still written under the hold's token.
        write(key, record);
        return RECORDED;
      }
      flush();
      write(key, record);
      return RECORDED;
    },
    finished: () => {
      finished = true;
      heldBack = [];
    },
    ...(held
      ? {
          check: () => {
            held.check();
          },
        }
      : {}),
    claimGuard: inOrder((key: string, until: number | null) => store.claimGuard(key, item.id, until, now())),
    defer: inOrder((rest: RuleContinuation, dueAt: number, cancelOn: readonly string[]) =>
      store.schedule({ ...continuation(rest, dueAt), cancelOn }),
    ),
    deadLetter: inOrder((failure: Parameters<StepLedger["deadLetter"]>[0]) => {
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
    }),
  };
}

/** The ledger of one work item, as its runner uses it. */
export interface WorkLedger extends StepLedger {
  /**
   * The work is done and is about to be forgotten (`complete`, in the same turn): the `done`
   * records held back are dropped, not written.
   */
  finished(): void;
}
