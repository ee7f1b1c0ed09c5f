import { compileRuleSet } from "../../core/engine/compile-rule-set.js";
import type { Manifest } from "../../core/manifest/manifest.js";
import { createSettingsValidator } from "../../runtime/websites/create-settings-validator.js";
import { runTest, type TestResult } from "./run-test.js";

/**
 * Runs every test of a valid manifest (`tests:`), in order, without any network: the rule set and
 * the settings schema are compiled once and shared by the tests, which share nothing else.
 */
export async function runManifestTests(manifest: Manifest): Promise<TestResult[]> {
  const ruleSet = compileRuleSet(manifest);
  const validateSettings = createSettingsValidator(manifest.settings);
  const results: TestResult[] = [];
  for (const test of manifest.tests) results.push(await runTest(ruleSet, validateSettings, test));
  return results;
}
