import type { Problem } from "./problem.js";

/** One line of the Marketplace checklist. */
export interface ChecklistItem {
  readonly label: string;
  /** What was found, or what is missing. */
  readonly detail: string;
  /** Present when the item fails. */
  readonly problem?: Problem;
  /**
   * `listing`: what the Marketplace asks of a published plugin (information only for a private
   * one); `scope`: what every production token request needs.
   */
  readonly kind: "listing" | "scope";
}
