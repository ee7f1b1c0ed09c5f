import { describe, expect, it } from "vitest";
import type { ConditionSpec } from "../../src/core/manifest/manifest.js";
import { compileCondition } from "../../src/core/rules/compile-condition.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";

function compile(spec: unknown): void {
  compileCondition(spec as ConditionSpec, createTemplateEnvironment(), "rules[0].if[1]");
}

describe("compileCondition refuses, with where and why", () => {
  it.each([
    [
      "a back reference, which no linear-time engine has",
      { path: "data.content", matches: "(a)\\1" },
      'rules[0].if[1].matches: "(a)\\\\1" uses a back reference (\\1)',
    ],
    [
      "a look-ahead in the object form",
      { path: "data.content", matches: { pattern: "a(?=b)", flags: "i" } },
      'rules[0].if[1].matches: "a(?=b)" uses a look-around ((?=), which cannot be matched in linear time',
    ],
    [
      "an invalid pattern",
      { path: "data.content", matches: "(unclosed" },
      'rules[0].if[1].matches: "(unclosed" is not a valid regular expression: Unterminated group',
    ],
    [
      "the g flag, which would carry lastIndex between events",
      { path: "data.content", matches: { pattern: "a", flags: "g" } },
      'rules[0].if[1].matches: flags "g" are not allowed; use i, m, s and u only',
    ],
    [
      "a matches that is neither a pattern nor { pattern }",
      { path: "data.content", matches: 3 },
      "rules[0].if[1].matches: expected a pattern, or { pattern, flags }",
    ],
    [
      "two operators",
      { path: "data.type", equals: "a", not_equals: "b" },
      "rules[0].if[1]: expected exactly one operator besides path, found 2: equals, not_equals",
    ],
    ["no operator", { path: "data.type" }, "rules[0].if[1]: expected exactly one operator besides path, found 0"],
    ["an unknown operator", { path: "data.type", like: "a" }, 'rules[0].if[1]: unknown operator "like"'],
    ["in without a list", { path: "data.type", in: "text" }, "rules[0].if[1].in: expected a list of values"],
    ["exists without a boolean", { path: "data.type", exists: "yes" }, "rules[0].if[1].exists: expected true or false"],
    ["gt with a list", { path: "data.n", gt: [1] }, "rules[0].if[1].gt: expected a number or a string"],
    [
      "a path outside the context",
      { path: "process.env", exists: true },
      'rules[0].if[1].path: path "process.env" must start with event, data, website, settings, plugin, steps, now',
    ],
    ["an empty path segment", { path: "data..x", exists: true }, 'rules[0].if[1].path: path "data..x" must start'],
    [
      "an operand template that does not compile",
      { path: "data.type", equals: "{{nope 1}}" },
      'rules[0].if[1].equals: template "{{nope 1}}": unknown helper "nope"',
    ],
    [
      "a template condition that does not compile",
      { template: "{{#if}}x{{/if}}" },
      'rules[0].if[1].template: template "{{#if}}x{{/if}}": {{#if}} takes exactly one value, not 0',
    ],
    ["a template that is not text", { template: 3 }, "rules[0].if[1]: template must be a string"],
    [
      "an unknown weekday",
      { time: { weekdays: ["mon", "funday"] } },
      'rules[0].if[1].time.weekdays: expected days among mon, tue, wed, thu, fri, sat, sun, got "funday"',
    ],
    [
      "24:00 as a start",
      { time: { between: ["24:00", "08:00"] } },
      'rules[0].if[1].time.between: start "24:00" is not a time of day from 00:00 to 23:59',
    ],
    [
      "a malformed end",
      { time: { between: ["09:00", "6pm"] } },
      'rules[0].if[1].time.between: end "6pm" is not a time of day from 00:00 to 24:00',
    ],
    [
      "something that is no condition",
      { maybe: true },
      "rules[0].if[1]: expected all, any, not, template, time, or path",
    ],
    ["null", null, "rules[0].if[1]: expected a condition (a mapping)"],
    [
      "all without a list",
      { all: { path: "data.x", exists: true } },
      "rules[0].if[1].all: expected a list of conditions",
    ],
    [
      "a bad condition deep inside",
      {
        any: [
          {
            not: [
              { path: "data.x", exists: true },
              { path: "data.y", matches: "(?<!x)y" },
            ],
          },
        ],
      },
      'rules[0].if[1].any[0].not[1].matches: "(?<!x)y" uses a look-around',
    ],
  ])("%s", (_name, spec, message) => {
    expect(() => {
      compile(spec);
    }).toThrow(message);
  });

  it("throws a KitError with the code MANIFEST_INVALID and the place", () => {
    expect(() => {
      compile({ path: "data.content", matches: "(a)\\1" });
    }).toThrow(expect.objectContaining({ code: "MANIFEST_INVALID", context: { at: "rules[0].if[1].matches" } }));
  });
});
