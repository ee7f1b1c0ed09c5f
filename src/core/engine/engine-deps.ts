import type { CrispRest } from "../ports/crisp-rest.js";
import type { Logger } from "../logging/logger.js";
import type { CompiledStep } from "./compile-rule-set.js";
import type { CrispEvent } from "./crisp-event.js";
import type { HookRunner } from "./hook-runner.js";
import type { OwnWrites } from "./own-writes.js";

/** What running steps needs from the outside world; every piece is injectable. */
export interface EngineDeps {
  /** Crisp REST calls, already limited to the declared scopes. */
  readonly crisp: CrispRest;
  readonly log: Logger;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  readonly hooks?: HookRunner;
  /**
   * `"run"` runs actions; `"record"` only renders their parameters (simulate, tests): no REST call,
   * no HTTP request, no hook.
   */
  readonly mode: "run" | "record";
  /**
   * Asked before each step runs (run mode); rejects with `QUOTA_EXHAUSTED` to skip a step when the
   * daily Crisp quota runs low for its priority.
   */
  readonly admit?: (step: CompiledStep, event: CrispEvent) => Promise<void>;
  /**
   * The plugin's recent writes (run mode): an event that echoes one (`session:set_*`, which carry no
   * `origin`) is the plugin's own, as a message with its URN as origin is.
   */
  readonly ownWrites?: OwnWrites;
  /** Counts each step about to run in its conversation; throws `LOOP_STOPPED` past the limit. */
  readonly breaker?: (event: CrispEvent, ruleId: string) => void;
  /**
   * Record mode: answers `hook:*` and `http` steps in place of running them (tests' `mocks:`,
   * `simulate --mock`), so that later steps see `steps.<id>`. Returns the step's result (and/or a
   * note shown with the step, such as "not mocked"), or `undefined` for a step it does not answer;
   * throws to make the step fail.
   */
  readonly stub?: (step: CompiledStep, params: unknown) => StepStubAnswer | undefined;
}

/** What a record-mode stub answers for a step: its result, a note for the decision record, or both. */
export interface StepStubAnswer {
  readonly result?: unknown;
  readonly note?: string;
}
