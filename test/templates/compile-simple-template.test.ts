import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import type { TemplateContext } from "../../src/core/templates/template-context.js";

const VALUES: readonly unknown[] = [
  "plain",
  "<b>bold</b> & \"quotes\" 'single' `tick` =",
  "",
  0,
  42.5,
  -1,
  true,
  false,
  null,
  undefined,
  ["a", "b", 3],
  [],
  { nested: "object" },
];

const TEMPLATES = [
  "{{data.value}}",
  "Hello {{data.value}}!",
  "{{data.value}} and {{settings.other}}",
  "{{{data.value}}}",
  "{{data.missing.deeper}}",
  "{{data.list.length}} items, first {{data.list.[0]}}",
  "  {{~data.value~}}  end",
  "{{! a comment }}{{data.value}}",
];

function context(value: unknown): TemplateContext {
  return {
    event: { name: "message:send", website_id: "w", timestamp: 0 },
    data: { value, list: ["x", "y"] },
    website: { id: "w" },
    settings: { other: value },
    plugin: { urn: "urn:a:b:0", name: "P" },
    steps: {},
    now: "2026-01-01T00:00:00.000Z",
  };
}

describe("plain value templates (rendered without the Handlebars runtime)", () => {
  for (const html of [false, true]) {
    it(`render exactly as Handlebars does, ${html ? "escaping HTML" : "as plain text"}`, () => {
      const env = createTemplateEnvironment();
      const reference = Handlebars.create();
      for (const source of TEMPLATES) {
        const ours = env.compile(source, { html });
        const theirs = reference.compile(source, { noEscape: !html });
        for (const value of VALUES) {
          expect(ours(context(value)), `${source} with ${JSON.stringify(value)}`).toBe(theirs(context(value)));
        }
      }
    });
  }

  it("never read inherited properties, even through JSON's own __proto__ keys", () => {
    const env = createTemplateEnvironment();
    const data = JSON.parse('{"__proto__": {"polluted": "yes"}, "plain": {}}') as Record<string, unknown>;
    const ctx = { ...context(""), data };
    expect(env.compile("[{{data.__proto__.polluted}}][{{data.plain.constructor}}][{{data.plain.toString}}]")(ctx)).toBe(
      "[][][]",
    );
  });
});
