import type { ScopeNeed } from "../crisp/scope-catalog.js";
import type { DataPath } from "./manifest-source.js";

/** One scope a rule needs, with what needs it and where that is in the manifest. */
export interface ScopeUse extends ScopeNeed {
  readonly ruleId: string;
  /** The event or action that needs it. */
  readonly reason: string;
  readonly path: DataPath;
  /** Who needs it when not a rule (`the widget`); messages then name it instead of the rule. */
  readonly owner?: string;
}
