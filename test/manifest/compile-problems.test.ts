import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../src/core/engine/compile-rule-set.js";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import { compileProblems } from "../../src/core/manifest/compile-problems.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import type { Manifest } from "../../src/core/manifest/manifest.js";
import { parseYaml } from "../../src/core/manifest/parse-yaml.js";
import { validateSchema } from "../../src/core/manifest/validate-schema.js";

/** The compile check alone, on a manifest the schema accepts: the checks before it are not run. */
function compileCheck(yaml: string): string[] {
  const parsed = parseYaml("plugin.yaml", new TextEncoder().encode(yaml));
  if (parsed.source === undefined || parsed.data === undefined) throw new Error("not parsed");
  const withDefaults = structuredClone(parsed.data);
  expect(validateSchema(parsed.source, withDefaults)).toEqual([]);
  const context = { source: parsed.source, data: parsed.data, directory: "." };
  return compileProblems(context, withDefaults as unknown as Manifest).map(
    (problem) => `${problem.line}: ${problem.code} ${problem.message}`,
  );
}

const rule = (id: string, pattern: string) => `  - id: ${id}
    on: message:send
    if:
      - { path: data.content, matches: { pattern: "${pattern}" } }
    do:
      - action: log
        with: { message: "seen" }
`;
const manifest = (...rules: string[]) => `version: 1
plugin:
  urn: urn:acme:fixture:0
  name: Fixture
scopes:
  - scope: website:conversation:messages
    access: [read]
rules:
${rules.join("")}`;

describe("the compile check", () => {
  it("finds nothing in rules that compile", () => {
    expect(compileCheck(manifest(rule("a", "order"), rule("b", "refund")))).toEqual([]);
  });

  it("reports every rule that fails to compile, each where it fails", () => {
    const problems = compileCheck(manifest(rule("a", "(order"), rule("fine", "refund"), rule("c", "[x")));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^12: INVALID_VALUE rules\[0\]\.if\[0\]\.matches/);
    expect(problems[1]).toMatch(/^26: INVALID_VALUE rules\[2\]\.if\[0\]\.matches/);
  });

  it("compiles a loaded manifest's rules once per manifest object and template environment", async () => {
    const folder = await mkdtemp(join(tmpdir(), "compile-once-"));
    await writeFile(join(folder, "plugin.yaml"), manifest(rule("a", "order")));
    const loaded = await loadManifest(join(folder, "plugin.yaml"));
    if (loaded.manifest === undefined) throw new Error(JSON.stringify(loaded.problems));
    const ruleSet = compileRuleSet(loaded.manifest);
    expect(compileRuleSet(loaded.manifest)).toBe(ruleSet);
    // Another object, even an equal one, or another template environment: compiled again.
    expect(compileRuleSet(structuredClone(loaded.manifest))).not.toBe(ruleSet);
    expect(compileRuleSet(loaded.manifest, createTemplateEnvironment())).not.toBe(ruleSet);
  });
});
