import { describe, expect, it } from "vitest";
import type { ConditionSpec } from "../../src/core/manifest/manifest.js";
import { compileCondition } from "../../src/core/rules/compile-condition.js";
import { MAX_MATCHED_LENGTH } from "../../src/core/rules/compile-regex.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { makeContext } from "../templates/make-context.js";
import { checkCondition } from "./check-condition.js";

type Case = [string, ConditionSpec, Record<string, unknown>, true | string];

function run(cases: Case[]): void {
  it.each(cases)("%s", (_name, spec, data, expected) => {
    expect(checkCondition(spec, { data })).toBe(expected);
  });
}

describe("equals / not_equals / in", () => {
  run([
    ["equals holds", { path: "data.type", equals: "text" }, { type: "text" }, true],
    [
      "equals fails",
      { path: "data.type", equals: "text" },
      { type: "file" },
      'rules[0].if: data.type is "file", expected "text"',
    ],
    [
      "equals on a missing value",
      { path: "data.type", equals: "text" },
      {},
      'rules[0].if: data.type is not set, expected "text"',
    ],
    [
      "equals is case-sensitive",
      { path: "data.type", equals: "Text" },
      { type: "text" },
      'rules[0].if: data.type is "text", expected "Text"',
    ],
    ["equals compares a number with its text", { path: "data.count", equals: "5" }, { count: 5 }, true],
    ["equals compares lists", { path: "data.tags", equals: ["a", 1] }, { tags: ["a", 1] }, true],
    [
      "equals compares objects",
      { path: "data.user", equals: { id: 1 } },
      { user: { id: 2 } },
      'rules[0].if: data.user is {"id":2}, expected {"id":1}',
    ],
    ["equals null", { path: "data.user", equals: null }, { user: null }, true],
    ["not_equals holds", { path: "data.type", not_equals: "text" }, { type: "file" }, true],
    [
      "not_equals fails",
      { path: "data.type", not_equals: "text" },
      { type: "text" },
      'rules[0].if: data.type is "text", expected anything else',
    ],
    ["not_equals holds on a missing value", { path: "data.type", not_equals: "text" }, {}, true],
    ["in holds", { path: "data.type", in: ["text", "note"] }, { type: "note" }, true],
    [
      "in fails",
      { path: "data.type", in: ["text", "note"] },
      { type: "file" },
      'rules[0].if: data.type is "file", expected one of "text", "note"',
    ],
    ["in with numbers", { path: "data.n", in: [1, 2, 3] }, { n: 2 }, true],
  ]);
});

describe("contains / starts_with / matches", () => {
  run([
    [
      "contains text, ignoring case",
      { path: "data.content", contains: "URGENT" },
      { content: "this is urgent!" },
      true,
    ],
    [
      "contains text fails",
      { path: "data.content", contains: "urgent" },
      { content: "hello there" },
      'rules[0].if: data.content "hello there" does not contain "urgent"',
    ],
    ["contains a list item", { path: "data.segments", contains: "vip" }, { segments: ["new", "vip"] }, true],
    [
      "contains a list item fails (items compare exactly)",
      { path: "data.segments", contains: "VIP" },
      { segments: ["new", "vip"] },
      'rules[0].if: data.segments ["new","vip"] does not contain "VIP"',
    ],
    [
      "contains on a missing value",
      { path: "data.content", contains: "x" },
      {},
      'rules[0].if: data.content (not set) does not contain "x"',
    ],
    ["contains in a number", { path: "data.code", contains: "42" }, { code: 1420 }, true],
    ["starts_with, ignoring case", { path: "data.content", starts_with: "/HELP" }, { content: "/help me" }, true],
    [
      "starts_with fails",
      { path: "data.content", starts_with: "/help" },
      { content: "help /help" },
      'rules[0].if: data.content "help /help" does not start with "/help"',
    ],
    ["matches a string pattern", { path: "data.content", matches: "^order #\\d+$" }, { content: "order #123" }, true],
    [
      "matches with flags",
      { path: "data.content", matches: { pattern: "\\b(urgent)\\b", flags: "i" } },
      { content: "This is URGENT" },
      true,
    ],
    [
      "matches fails",
      { path: "data.content", matches: { pattern: "\\b(urgent)\\b", flags: "i" } },
      { content: "hello there" },
      'rules[0].if: data.content "hello there" does not match /\\b(urgent)\\b/i',
    ],
    [
      "matches fails on something that is not text",
      { path: "data.content", matches: "x" },
      { content: { x: 1 } },
      'rules[0].if: data.content {"x":1} does not match /x/',
    ],
  ]);

  it("matches only the first characters of a very long value", () => {
    const env = createTemplateEnvironment();
    const condition = compileCondition({ path: "data.content", matches: "needle" }, env, "c");
    const early = `${"a".repeat(MAX_MATCHED_LENGTH - 6)}needle`;
    const late = `${"a".repeat(MAX_MATCHED_LENGTH)}needle`;
    expect(condition(makeContext({ data: { content: early } }))).toBe(true);
    const failure = condition(makeContext({ data: { content: late } }));
    expect(failure === true ? failure : { at: failure.at, reason: failure.reason }).toEqual({
      at: "c",
      reason: `data.content "${"a".repeat(79)}…" does not match /needle/`,
    });
  });

  it("gives the same answer on every evaluation (no lastIndex carried over)", () => {
    const env = createTemplateEnvironment();
    const condition = compileCondition({ path: "data.content", matches: { pattern: "a", flags: "i" } }, env, "c");
    for (let index = 0; index < 3; index += 1) expect(condition(makeContext({ data: { content: "A" } }))).toBe(true);
  });
});

describe("exists", () => {
  run([
    ["exists: true holds", { path: "data.nickname", exists: true }, { nickname: "Ann" }, true],
    ["exists: true holds on a falsy value", { path: "data.count", exists: true }, { count: 0 }, true],
    ["exists: true fails", { path: "data.nickname", exists: true }, {}, "rules[0].if: data.nickname is not set"],
    [
      "exists: true fails on null",
      { path: "data.nickname", exists: true },
      { nickname: null },
      "rules[0].if: data.nickname is not set",
    ],
    ["exists: false holds", { path: "data.nickname", exists: false }, {}, true],
    [
      "exists: false fails",
      { path: "data.nickname", exists: false },
      { nickname: "Ann" },
      'rules[0].if: data.nickname is set to "Ann"',
    ],
  ]);
});

describe("gt / gte / lt / lte", () => {
  run([
    ["gt numbers", { path: "data.n", gt: 3 }, { n: 4 }, true],
    ["gt fails", { path: "data.n", gt: 3 }, { n: 3 }, "rules[0].if: data.n 3 is not greater than 3"],
    ["gt numeric text compares as numbers", { path: "data.n", gt: 9 }, { n: "10" }, true],
    ["gt numeric text on both sides", { path: "data.n", gt: "9" }, { n: "10" }, true],
    ["gte holds on equal", { path: "data.n", gte: 3 }, { n: 3 }, true],
    ["gte fails", { path: "data.n", gte: 3 }, { n: 2.5 }, "rules[0].if: data.n 2.5 is not greater than or equal to 3"],
    ["lt holds", { path: "data.n", lt: 0 }, { n: -1 }, true],
    ["lt fails", { path: "data.n", lt: 0 }, { n: 0 }, "rules[0].if: data.n 0 is not less than 0"],
    ["lte holds", { path: "data.n", lte: 0 }, { n: 0 }, true],
    ["lte fails", { path: "data.n", lte: 0 }, { n: 1 }, "rules[0].if: data.n 1 is not less than or equal to 0"],
    ["ISO dates compare as text", { path: "data.at", lt: "2024-03-05" }, { at: "2024-03-04T23:59:59Z" }, true],
    [
      "ISO dates compare as text, failing",
      { path: "data.at", gte: "2024-03-05" },
      { at: "2024-03-04T23:59:59Z" },
      'rules[0].if: data.at "2024-03-04T23:59:59Z" is not greater than or equal to "2024-03-05"',
    ],
    [
      "a missing value cannot be compared",
      { path: "data.n", gt: 3 },
      {},
      "rules[0].if: data.n (not set) cannot be compared with 3",
    ],
    [
      "a word cannot be compared with a number",
      { path: "data.n", lt: 3 },
      { n: "three" },
      'rules[0].if: data.n "three" cannot be compared with 3',
    ],
  ]);

  it("compares now, an ISO string, with a date", () => {
    expect(checkCondition({ path: "now", gte: "2024-03-04T09:00:00.000Z" })).toBe(true);
  });
});

describe("paths", () => {
  run([
    [
      "indexes a list by number",
      { path: "data.items.1.name", equals: "b" },
      { items: [{ name: "a" }, { name: "b" }] },
      true,
    ],
    ["reads a list's length", { path: "data.items.length", gte: 2 }, { items: [1, 2] }, true],
    ["does not index text", { path: "data.content.0", exists: false }, { content: "hello" }, true],
    ["misses past the end of a list", { path: "data.items.5", exists: false }, { items: [1] }, true],
  ]);

  it("reads the other roots of the context", () => {
    expect(checkCondition({ path: "event.name", equals: "message:send" })).toBe(true);
    expect(checkCondition({ path: "website.id", equals: "website-1" })).toBe(true);
    expect(checkCondition({ path: "settings.timezone", equals: "Europe/Paris" })).toBe(true);
    expect(checkCondition({ path: "plugin.urn", starts_with: "urn:acme" })).toBe(true);
    expect(checkCondition({ path: "steps.lookup.found", equals: true }, { steps: { lookup: { found: true } } })).toBe(
      true,
    );
  });
});

describe("prototype paths never resolve", () => {
  const paths = [
    "data.__proto__",
    "data.constructor",
    "data.constructor.name",
    "data.__proto__.constructor",
    "data.content.constructor",
    "data.toString",
    "data.hasOwnProperty",
    "data.items.constructor.prototype",
    "settings.__proto__.polluted",
  ];
  it.each(paths)("%s", (path) => {
    expect(checkCondition({ path, exists: false }, { data: { content: "x", items: [] } })).toBe(true);
  });

  it("not even as own keys of parsed JSON", () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "constructor": {"name": "evil"}}') as Record<string, unknown>;
    expect(checkCondition({ path: "data.__proto__.x", exists: false }, { data })).toBe(true);
    expect(checkCondition({ path: "data.constructor.name", exists: false }, { data })).toBe(true);
  });

  it("and an inherited property is not read", () => {
    const data = Object.create({ inherited: "yes" }) as Record<string, unknown>;
    expect(checkCondition({ path: "data.inherited", exists: false }, { data })).toBe(true);
  });
});

describe("templated operands", () => {
  it("renders equals against the context at each evaluation", () => {
    const spec: ConditionSpec = { path: "data.content", equals: "{{settings.keyword}}" };
    expect(checkCondition(spec, { data: { content: "help" }, settings: { keyword: "help" } })).toBe(true);
    expect(checkCondition(spec, { data: { content: "help" }, settings: { keyword: "stop" } })).toBe(
      'rules[0].if: data.content is "help", expected "stop"',
    );
  });

  it("renders in: items", () => {
    const spec: ConditionSpec = { path: "data.type", in: ["text", "{{settings.also}}"] };
    expect(checkCondition(spec, { settings: { also: "file" }, data: { type: "file" } })).toBe(true);
    expect(checkCondition(spec, { settings: { also: "note" }, data: { type: "file" } })).toBe(
      'rules[0].if: data.type is "file", expected one of "text", "note"',
    );
  });

  it("renders contains, starts_with and comparisons", () => {
    const settings = { word: "REFUND", prefix: "/", min: "3" };
    const data = { content: "/ask for a refund", count: 4 };
    expect(checkCondition({ path: "data.content", contains: "{{settings.word}}" }, { settings, data })).toBe(true);
    expect(checkCondition({ path: "data.content", starts_with: "{{settings.prefix}}" }, { settings, data })).toBe(true);
    expect(checkCondition({ path: "data.count", gt: "{{settings.min}}" }, { settings, data })).toBe(true);
    expect(checkCondition({ path: "data.count", lt: "{{settings.min}}" }, { settings, data })).toBe(
      'rules[0].if: data.count 4 is not less than "3"',
    );
  });

  it("compares a rendered number with a number value", () => {
    expect(
      checkCondition({ path: "data.count", equals: "{{settings.n}}" }, { data: { count: 7 }, settings: { n: 7 } }),
    ).toBe(true);
  });
});
