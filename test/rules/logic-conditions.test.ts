import { describe, expect, it } from "vitest";
import type { ConditionSpec } from "../../src/core/manifest/manifest.js";
import { checkCondition } from "./check-condition.js";

const isText: ConditionSpec = { path: "data.type", equals: "text" };
const isFile: ConditionSpec = { path: "data.type", equals: "file" };
const saysHello: ConditionSpec = { path: "data.content", contains: "hello" };
const saysBye: ConditionSpec = { path: "data.content", contains: "bye" };

describe("lists, all, any, not", () => {
  it("a list holds when every condition holds", () => {
    expect(checkCondition([isText, saysHello])).toBe(true);
  });

  it("a list reports the first condition that fails, by its index", () => {
    expect(checkCondition([isText, saysBye, isFile])).toBe(
      'rules[0].if[1]: data.content "Hello there" does not contain "bye"',
    );
  });

  it("an empty list holds", () => {
    expect(checkCondition([])).toBe(true);
  });

  it("all reports its failing child", () => {
    expect(checkCondition({ all: [isText, isFile] })).toBe('rules[0].if.all[1]: data.type is "text", expected "file"');
  });

  it("any holds when one child holds", () => {
    expect(checkCondition({ any: [isFile, saysHello] })).toBe(true);
  });

  it("any reports every failure, joined", () => {
    expect(checkCondition({ any: [isFile, saysBye] })).toBe(
      'rules[0].if: none of these holds: rules[0].if.any[0]: data.type is "text", expected "file"; ' +
        'rules[0].if.any[1]: data.content "Hello there" does not contain "bye"',
    );
  });

  it("an empty any does not hold", () => {
    expect(checkCondition({ any: [] })).toBe("rules[0].if: none of these holds: the list is empty");
  });

  it("not holds when its condition fails", () => {
    expect(checkCondition({ not: isFile })).toBe(true);
  });

  it("not explains what held", () => {
    expect(checkCondition({ not: isText })).toBe('rules[0].if: must not hold, but data.type is "text"');
  });

  it("not of a list negates all of them", () => {
    expect(checkCondition({ not: [isText, saysBye] })).toBe(true);
    expect(checkCondition({ not: [isText, saysHello] })).toBe(
      'rules[0].if: must not hold, but data.type is "text" and data.content "Hello there" contains "hello"',
    );
  });

  it("not of an empty list never holds, and says why", () => {
    expect(checkCondition({ not: [] })).toBe("rules[0].if: must not hold, but the list is empty");
  });

  it("not of any explains the child that held", () => {
    expect(checkCondition({ not: { any: [isFile, saysHello] } })).toBe(
      'rules[0].if: must not hold, but data.content "Hello there" contains "hello"',
    );
  });

  it("not of not explains the inner failure", () => {
    expect(checkCondition({ not: { not: isFile } })).toBe(
      'rules[0].if: must not hold, but data.type is "text", expected "file"',
    );
    expect(checkCondition({ not: { not: isText } })).toBe(true);
  });

  it("nests all, any and not, naming the failing leaf by its full path", () => {
    const spec: ConditionSpec = {
      all: [isText, { any: [saysBye, { all: [saysHello, { not: { path: "data.origin", equals: "chat" } }] }] }],
    };
    expect(checkCondition(spec)).toBe(
      "rules[0].if.all[1]: none of these holds: " +
        'rules[0].if.all[1].any[0]: data.content "Hello there" does not contain "bye"; ' +
        'rules[0].if.all[1].any[1].all[1]: must not hold, but data.origin is "chat"',
    );
    expect(checkCondition(spec, { data: { type: "text", content: "hello", origin: "email" } })).toBe(true);
  });
});

describe("template conditions", () => {
  it.each([
    ['{{eq data.type "text"}}', true],
    ["{{data.content}}", true],
    ["{{#if data.origin}}yes{{/if}}", true],
    ["  true  ", true],
    ["plain words", true],
  ])("%s holds", (template, expected) => {
    expect(checkCondition({ template })).toBe(expected);
  });

  it.each([
    ['{{eq data.type "file"}}', '"false"'],
    ["{{data.missing}}", '""'],
    ["  {{data.zero}} ", '"0"'],
    ["{{data.nothing}}null", '"null"'],
    ["undefined", '"undefined"'],
    ["FALSE", '"FALSE"'],
  ])("%s fails", (template, rendered) => {
    expect(checkCondition({ template }, { data: { type: "text", zero: 0 } })).toBe(
      `rules[0].if: template ${JSON.stringify(template)} rendered ${rendered}`,
    );
  });

  it("explains a template that held under not", () => {
    expect(checkCondition({ not: { template: '{{eq data.type "text"}}' } })).toBe(
      'rules[0].if: must not hold, but template "{{eq data.type \\"text\\"}}" rendered "true"',
    );
  });
});
