import { afterEach, describe, expect, it } from "vitest";
import type { ConditionSpec } from "../../src/core/manifest/manifest.js";
import { compileCondition } from "../../src/core/rules/compile-condition.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { makeContext } from "../templates/make-context.js";

// Counts what runs while it is installed, by wrapping the global RegExp constructor and
// String.prototype.split: the real objects, observed, not a double of our code.
function instrument(): { counts: { regexps: number; splits: number }; restore: () => void } {
  const counts = { regexps: 0, splits: 0 };
  const OriginalRegExp = globalThis.RegExp;
  // Kept unbound on purpose: it is put back on String.prototype, and applied to `this` meanwhile.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originalSplit = String.prototype.split;
  globalThis.RegExp = new Proxy(OriginalRegExp, {
    construct(target, args, newTarget) {
      counts.regexps += 1;
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, self, args) {
      counts.regexps += 1;
      return Reflect.apply(target, self, args) as unknown;
    },
  });
  String.prototype.split = function (this: string, ...args: Parameters<typeof originalSplit>) {
    counts.splits += 1;
    return originalSplit.apply(this, args);
  } as typeof originalSplit;
  return {
    counts,
    restore: () => {
      globalThis.RegExp = OriginalRegExp;
      String.prototype.split = originalSplit;
    },
  };
}

const EVERYTHING: ConditionSpec[] = [
  { path: "data.type", equals: "{{settings.kind}}" },
  { path: "data.content", matches: { pattern: "\\b(hello)\\b", flags: "i" } },
  { path: "data.content", contains: "{{settings.word}}" },
  { path: "data.type", in: ["text", "{{settings.kind}}"] },
  { template: '{{#if (eq data.type "text")}}yes{{/if}}' },
  { any: [{ path: "data.count", gt: 3 }, { not: { path: "data.origin", starts_with: "mail" } }] },
  { time: { weekdays: ["mon"], between: ["09:00", "18:00"], timezone: "{{settings.timezone}}" } },
];

describe("evaluating a compiled condition", () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it("builds no regular expression, splits no path and compiles no template", () => {
    const env = createTemplateEnvironment();
    const probe = instrument();
    restore = probe.restore;
    const condition = compileCondition(EVERYTHING, env, "rules[0].if");
    // The probe sees compilation: it would see the same work done during evaluation. Compiled
    // patterns and paths are cached for the process (and test files share it), so the probe is
    // shown a pattern and a path no cache can hold yet.
    const fresh = `unseen${String(Date.now())}${String(Math.random()).slice(2)}`;
    compileCondition([{ path: `data.${fresh}.x`, matches: { pattern: `\\b${fresh}\\b` } }], env, "rules[1].if");
    expect(probe.counts.regexps).toBeGreaterThan(0);
    expect(probe.counts.splits).toBeGreaterThan(0);
    const compiledStats = env.stats();
    probe.counts.regexps = 0;
    probe.counts.splits = 0;

    const context = makeContext({ settings: { kind: "text", word: "there", timezone: "Europe/Paris" } });
    for (let index = 0; index < 100; index += 1) expect(condition(context)).toBe(true);

    expect(probe.counts).toEqual({ regexps: 0, splits: 0 });
    expect(env.stats()).toEqual(compiledStats);
  });

  it("builds nothing either when it fails and explains why", () => {
    const env = createTemplateEnvironment();
    const condition = compileCondition(EVERYTHING, env, "rules[0].if");
    const compiledStats = env.stats();
    const probe = instrument();
    restore = probe.restore;
    const context = makeContext({ settings: { kind: "text", word: "absent", timezone: "Europe/Paris" } });
    const failure = condition(context);
    if (failure === true) throw new Error("expected the condition to fail");
    // The sentence is written when read; reading it must not compile anything either.
    expect({ at: failure.at, reason: failure.reason }).toEqual({
      at: "rules[0].if[2]",
      reason: 'data.content "Hello there" does not contain "absent"',
    });
    expect(probe.counts).toEqual({ regexps: 0, splits: 0 });
    expect(env.stats()).toEqual(compiledStats);
  });

  it("never throws, even on a context that is not what the types say", () => {
    const env = createTemplateEnvironment();
    const condition = compileCondition(EVERYTHING, env, "rules[0].if");
    const broken = { data: null, settings: null, now: 42 } as unknown as ReturnType<typeof makeContext>;
    expect(() => condition(broken)).not.toThrow();
    expect(condition(broken)).not.toBe(true);
  });
});
