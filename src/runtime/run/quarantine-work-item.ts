import type { RuleSet } from "../../core/engine/compile-rule-set.js";
import type { DeadLetter, StepRecord, Store, WorkItem } from "../../core/ports/store.js";
import type { WorkPayload } from "./event-work.js";

/** How many times a stored item may be started without finishing before it becomes a dead letter. */
export const DEFAULT_MAX_STARTS = 3;

/**
 * Turns an item the process kept dying on (a hook that exhausted memory, a crash in a native
 * module, an OOM kill) into a dead letter, so that a restart no longer runs it and dies again.
 * The letter names the step that was running (started, never done) when there is one, and
 * replays the whole item: its step records are kept, so a replay resumes after the steps done.
 */
export async function quarantineWorkItem(
  item: WorkItem,
  starts: number,
  deps: { readonly store: Store; readonly ruleSet: RuleSet; readonly now: number },
): Promise<DeadLetter> {
  const { store } = deps;
  const payload = readLoosely(item);
  const running = runningStep(await store.getSteps(item.id));
  const rule = running === undefined ? undefined : deps.ruleSet.rules.find((each) => each.id === running.ruleId);
  const letter: DeadLetter = {
    id: item.id,
    at: deps.now,
    websiteId: payload?.event.website_id ?? item.conversation.split("/")[0] ?? "",
    ...(payload?.event.session_id === undefined ? {} : { sessionId: payload.event.session_id }),
    event: payload?.event.name ?? "(unreadable work item)",
    ruleId: running?.ruleId ?? payload?.resume?.ruleId ?? "",
    stepIndex: running?.stepIndex ?? -1,
    action: (running === undefined ? undefined : rule?.steps[running.stepIndex]?.action) ?? "",
    code: "WORK_QUARANTINED",
    reason: `started ${starts} times without finishing: the process likely died running it`,
    attempts: starts,
    replay: item,
  };
  await store.quarantine(item.id, letter);
  return letter;
}

/** The step recorded as started and never done: what ran when the process died. */
function runningStep(steps: ReadonlyMap<string, StepRecord>): { ruleId: string; stepIndex: number } | undefined {
  for (const [key, record] of steps) {
    if (record.state !== "started") continue;
    const hash = key.lastIndexOf("#");
    const stepIndex = Number(key.slice(hash + 1));
    if (hash > 0 && Number.isInteger(stepIndex)) return { ruleId: key.slice(0, hash), stepIndex };
  }
  return undefined;
}

function readLoosely(item: WorkItem): WorkPayload | undefined {
  try {
    const payload = JSON.parse(item.payload) as Partial<WorkPayload>;
    return typeof payload.event?.name === "string" ? (payload as WorkPayload) : undefined;
  } catch {
    return undefined;
  }
}
