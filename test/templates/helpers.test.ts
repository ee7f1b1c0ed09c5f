import { describe, expect, it } from "vitest";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import type { TemplateContext } from "../../src/core/templates/template-context.js";
import { makeContext } from "./make-context.js";

const env = createTemplateEnvironment();

function render(source: string, data: Record<string, unknown> = {}, parts: Partial<TemplateContext> = {}): string {
  return env.compile(source)(makeContext({ data, ...parts }));
}

describe("comparison helpers", () => {
  it.each([
    ['{{eq data.type "text"}}', { type: "text" }, "true"],
    ['{{eq data.type "file"}}', { type: "text" }, "false"],
    ['{{eq data.count "5"}}', { count: 5 }, "true"],
    ["{{eq data.a data.b}}", { a: [1, { x: 2 }], b: [1, { x: 2 }] }, "true"],
    ['{{eq data.type "TEXT"}}', { type: "text" }, "false"],
    ['{{ne data.type "file"}}', { type: "text" }, "true"],
    ['{{ne data.type "text"}}', { type: "text" }, "false"],
    ["{{gt data.n 3}}", { n: 10 }, "true"],
    ['{{gt data.n "9"}}', { n: "10" }, "true"],
    ["{{gt data.n 30}}", { n: 10 }, "false"],
    ["{{gt data.missing 3}}", {}, "false"],
    ["{{gte data.n 10}}", { n: 10 }, "true"],
    ["{{gte data.n 11}}", { n: 10 }, "false"],
    ['{{lt data.at "2024-03-05"}}', { at: "2024-03-04T10:00:00Z" }, "true"],
    ["{{lt data.n 10}}", { n: 10 }, "false"],
    ["{{lte data.n 10}}", { n: 10 }, "true"],
    ["{{lte data.n 9}}", { n: 10 }, "false"],
    ['{{and data.a data.b "x"}}', { a: 1, b: true }, "true"],
    ["{{and data.a data.b}}", { a: 1, b: [] }, "false"],
    ["{{or data.a data.b}}", { a: 0, b: "y" }, "true"],
    ["{{or data.a data.b}}", { a: 0, b: "" }, "false"],
    ["{{not data.a}}", { a: null }, "true"],
    ["{{not data.a}}", { a: "x" }, "false"],
  ])("%s with %j renders %s", (source, data, expected) => {
    expect(render(source, data)).toBe(expected);
  });

  it("drive #if as sub-expressions", () => {
    const source = '{{#if (and (eq data.type "text") (gt data.length 3))}}long text{{else}}other{{/if}}';
    expect(render(source, { type: "text", length: 4 })).toBe("long text");
    expect(render(source, { type: "text", length: 2 })).toBe("other");
  });
});

describe("string helpers", () => {
  it.each([
    ["{{lower data.s}}", { s: "HeLLo" }, "hello"],
    ["{{lower data.s}}", { s: { not: "text" } }, ""],
    ["{{upper data.s}}", { s: "straße" }, "STRASSE"],
    ["{{upper data.n}}", { n: 42 }, "42"],
    ["{{trim data.s}}", { s: "  padded \n" }, "padded"],
    ["[{{trim data.missing}}]", {}, "[]"],
    ["{{truncate data.s 8}}", { s: "Hello there, visitor" }, "Hello t…"],
    ["{{truncate data.s 20}}", { s: "Short" }, "Short"],
    ["{{truncate data.s 3}}", { s: "a😀b😀c" }, "a😀…"],
    ['{{truncate data.s "x"}}', { s: "unchanged" }, "unchanged"],
    ['{{replace data.s "-" " "}}', { s: "a-b-c" }, "a b c"],
    ['{{replace data.s "$" "$&$&"}}', { s: "1$" }, "1$&$&"],
    ['{{replace data.s "" "x"}}', { s: "abc" }, "abc"],
    ['{{contains data.s "THERE"}}', { s: "hello there" }, "true"],
    ['{{contains data.s "bye"}}', { s: "hello there" }, "false"],
    ['{{contains data.list "vip"}}', { list: ["new", "vip"] }, "true"],
    ['{{contains data.list "VIP"}}', { list: ["new", "vip"] }, "false"],
    ['{{contains data.missing "x"}}', {}, "false"],
    ['{{startsWith data.s "/HELP"}}', { s: "/help me" }, "true"],
    ['{{startsWith data.s "help"}}', { s: "/help me" }, "false"],
    ['{{endsWith data.s "?"}}', { s: "Are you there?" }, "true"],
    ['{{endsWith data.s "!"}}', { s: "Are you there?" }, "false"],
  ])("%s with %j renders %s", (source, data, expected) => {
    expect(render(source, data)).toBe(expected);
  });
});

describe("value helpers", () => {
  it.each([
    ['{{default data.nickname "there"}}', { nickname: "Ann" }, "Ann"],
    ['{{default data.nickname "there"}}', {}, "there"],
    ['{{default data.nickname "there"}}', { nickname: "" }, "there"],
    ["{{default data.zero 5}}", { zero: 0 }, "0"],
    ["{{json data.value}}", { value: { a: [1, "two"] } }, '{"a":[1,"two"]}'],
    ["{{json data.value}}", { value: "quoted" }, '"quoted"'],
    ["[{{json data.missing}}]", {}, "[]"],
    ["{{lookup data.replies data.type}}", { replies: { text: "Got it" }, type: "text" }, "Got it"],
    ["{{lookup data.list 1}}", { list: ["a", "b"] }, "b"],
    ['{{lookup data.missing "x"}}', {}, ""],
  ])("%s with %j renders %s", (source, data, expected) => {
    expect(render(source, data)).toBe(expected);
  });

  it("json renders a cyclic value as nothing", () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    expect(render("[{{json data.value}}]", { value })).toBe("[]");
  });
});

describe("date helper", () => {
  it.each([
    ['{{date now "YYYY-MM-DD HH:mm:ss" "Europe/Paris"}}', {}, "2024-03-04 11:00:00"],
    ['{{date now "dddd HH:mm" "America/New_York"}}', {}, "Monday 05:00"],
    ["{{date now}}", {}, "2024-03-04 10:00"],
    ['{{date data.ms "YYYY-MM-DD HH:mm" "Asia/Tokyo"}}', { ms: 1_709_546_400_000 }, "2024-03-04 19:00"],
    ['{{date data.ms "DD/MM/YYYY" "UTC"}}', { ms: "1709546400000" }, "04/03/2024"],
    ['{{date "2024-07-01T00:00:00Z" "HH:mm" "Europe/Paris"}}', {}, "02:00"],
    ['{{date "2024-12-31T23:30:00Z" "dddd DD HH:mm" "Pacific/Auckland"}}', {}, "Wednesday 01 12:30"],
    ['{{date now "HH:mm" settings.timezone}}', {}, "11:00"],
    ['[{{date "not a date" "HH:mm"}}]', {}, "[]"],
    ['[{{date now "HH:mm" "Mars/Olympus"}}]', {}, "[]"],
    ['[{{date now "HH:mm" ""}}]', {}, "[]"],
    ["[{{date data.missing}}]", {}, "[]"],
  ])("%s renders %s", (source, data, expected) => {
    expect(render(source, data)).toBe(expected);
  });

  it("renders midnight as 00, not 24", () => {
    expect(render('{{date "2024-03-04T23:00:00Z" "HH:mm" "Europe/Paris"}}')).toBe("00:00");
  });

  it("accepts a Date from the context", () => {
    const steps = { lookup: { at: new Date("2024-03-04T10:00:00Z") } };
    expect(render('{{date steps.lookup.at "HH:mm" "UTC"}}', {}, { steps })).toBe("10:00");
  });
});

describe("helpers never throw", () => {
  const hostile = [undefined, null, 0, -1, Number.NaN, "", {}, [], { length: 1e9 }, "x".repeat(10_000)];
  const sources = [
    "{{eq data.a data.b}}",
    "{{gt data.a data.b}}",
    "{{and data.a data.b}}",
    "{{lower data.a}}",
    "{{truncate data.a data.b}}",
    "{{replace data.a data.b data.a}}",
    "{{contains data.a data.b}}",
    "{{startsWith data.a data.b}}",
    "{{endsWith data.a data.b}}",
    "{{default data.a data.b}}",
    "{{json data.a}}",
    "{{date data.a data.b data.b}}",
    "{{lookup data.a data.b}}",
  ];
  it.each(sources)("%s renders text for any input", (source) => {
    const template = env.compile(source);
    for (const a of hostile) {
      for (const b of hostile) {
        expect(typeof template(makeContext({ data: { a, b } }))).toBe("string");
      }
    }
  });

  it("render when called with no arguments at all", () => {
    expect(render("{{eq}}|{{lower}}|{{truncate}}|{{date}}|{{json}}|{{lookup}}")).toBe("true|||||");
  });
});
