import { join } from "node:path";
import { REPO_ROOT } from "../cli/run-cli.js";

/** The recipes shipped in recipes/, each a folder with plugin.yaml and README.md. */
export const RECIPE_NAMES = [
  "after-hours",
  "bot-handover",
  "bot-relay",
  "csat-followup",
  "email-capture",
  "keyword-router",
  "no-answer-escalation",
  "operator-pong",
  "order-widget",
  "slack-notifier",
  "spam-blocker",
] as const;

/** The path of a recipe's manifest, relative to the repository root (where runCli runs). */
export function recipeManifest(name: string): string {
  return join("recipes", name, "plugin.yaml");
}

/** The absolute path of a recipe's folder. */
export function recipeDirectory(name: string): string {
  return join(REPO_ROOT, "recipes", name);
}
