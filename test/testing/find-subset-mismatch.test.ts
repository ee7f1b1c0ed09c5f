import { describe, expect, it } from "vitest";
import { findSubsetMismatch } from "../../src/devkit/testing/find-subset-mismatch.js";

const PARAMS = {
  content: "Hello",
  type: "text",
  user: { nickname: "Bot", avatar: "https://example.com/a.png" },
  segments: ["urgent", "vip"],
  choices: [
    { label: "Yes", value: 1 },
    { label: "No", value: 0 },
  ],
  count: 2,
  stealth: false,
  inbox: null,
};

describe("findSubsetMismatch (deep subset)", () => {
  it.each([
    ["an empty object", {}],
    ["one key of many", { content: "Hello" }],
    ["a nested object with some of its keys", { user: { nickname: "Bot" } }],
    ["a list with every item, in order", { segments: ["urgent", "vip"] }],
    ["list items that are subsets of objects", { choices: [{ label: "Yes" }, {}] }],
    ["false, null and numbers, strictly", { stealth: false, inbox: null, count: 2 }],
  ])("accepts %s", (_what, expected) => {
    expect(findSubsetMismatch(expected, PARAMS, "with")).toBeUndefined();
  });

  it.each([
    ["a different text", { content: "Hi" }, 'with.content: expected "Hi", got "Hello"'],
    ["a key that is not there", { missing: "x" }, 'with.missing: expected "x", got not set'],
    [
      "a nested difference, by its path",
      { user: { nickname: "Ann" } },
      'with.user.nickname: expected "Ann", got "Bot"',
    ],
    ["a list with fewer items", { segments: ["urgent"] }, 'with.segments: expected 1 items, got 2: ["urgent","vip"]'],
    ["a list in another order", { segments: ["vip", "urgent"] }, 'with.segments[0]: expected "vip", got "urgent"'],
    ["a list item's key", { choices: [{}, { value: 1 }] }, "with.choices[1].value: expected 1, got 0"],
    ["a number for the text of that number", { count: "2" }, 'with.count: expected "2", got 2'],
    ["null for false", { stealth: null }, "with.stealth: expected null, got false"],
    ["an object where a text is", { content: { text: "Hello" } }, 'with.content: expected an object, got "Hello"'],
    [
      "a list where an object is",
      { user: [] },
      'with.user: expected a list, got {"nickname":"Bot","avatar":"https://example.com/a.png"}',
    ],
    ["an inherited key", { constructor: {} }, "with.constructor: expected an object, got not set"],
  ])("refuses %s", (_what, expected, reason) => {
    expect(findSubsetMismatch(expected, PARAMS, "with")).toBe(reason);
  });

  it("compares whole values when the expectation is not an object", () => {
    expect(findSubsetMismatch("a", "a", "x")).toBeUndefined();
    expect(findSubsetMismatch(1, "1", "x")).toBe('x: expected 1, got "1"');
  });
});
