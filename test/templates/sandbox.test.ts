import { describe, expect, it } from "vitest";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { makeContext } from "./make-context.js";

// Classic Handlebars sandbox escapes. Each must render nothing useful to an attacker, or be refused
// when the template is compiled; none may run code.
const RENDER_EMPTY = [
  "{{constructor}}",
  "{{constructor.constructor}}",
  "{{constructor.name}}",
  "{{__proto__}}",
  "{{__proto__.constructor}}",
  "{{this.constructor}}",
  "{{[constructor]}}",
  "{{data.constructor}}",
  "{{data.__proto__}}",
  "{{data.content.constructor}}",
  "{{data.toString}}",
  "{{data.hasOwnProperty}}",
  "{{data.__defineGetter__}}",
  "{{@root.constructor}}",
  "{{@root.__proto__.constructor.name}}",
  '{{lookup this "constructor"}}',
  '{{lookup this "__proto__"}}',
  '{{lookup data "toString"}}',
  '{{lookup (lookup this "constructor") "constructor"}}',
  '{{lookup (lookup data.content "constructor") "constructor"}}',
  '{{#with "x"}}{{constructor}}{{/with}}',
  '{{#with "x"}}{{constructor.constructor}}{{/with}}',
  '{{#with (lookup this "constructor")}}{{name}}{{/with}}',
  "{{#with this}}{{#with __proto__}}{{constructor}}{{/with}}{{/with}}",
  "{{#each constructor}}x{{/each}}",
  "{{#constructor}}x{{/constructor}}",
] as const;

const REFUSED = [
  '{{#with "x"}}{{constructor.constructor "return process"}}{{/with}}',
  '{{constructor.constructor "return process"}}',
  '{{#with "s" as |s|}}{{#with (s.constructor "return process")}}{{this}}{{/with}}{{/with}}',
  '{{this.constructor "x"}}',
  '{{helperMissing "x"}}',
  '{{blockHelperMissing "x"}}',
  '{{log "secret"}}',
  "{{> (lookup . 'constructor')}}",
] as const;

describe("template sandbox", () => {
  it.each(RENDER_EMPTY)("renders %s as nothing", (source) => {
    const env = createTemplateEnvironment();
    expect(env.compile(source)(makeContext())).toBe("");
    expect(env.compile(source, { html: true })(makeContext())).toBe("");
  });

  it.each(REFUSED)("refuses %s when compiling", (source) => {
    const env = createTemplateEnvironment();
    expect(() => env.compile(source)).toThrow(/^template /);
  });

  it("reads own keys named like prototype members as the plain data they are", () => {
    const env = createTemplateEnvironment();
    const data = JSON.parse('{"constructor": "a", "__proto__": {"polluted": "b"}}') as Record<string, unknown>;
    const context = makeContext({ data });
    expect(env.compile('{{data.constructor}}|{{lookup data "constructor"}}|{{data.__proto__.polluted}}')(context)).toBe(
      "a|a|b",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not call functions placed in the data through lookup", () => {
    const env = createTemplateEnvironment();
    let called = false;
    const context = makeContext({
      data: {
        run: () => {
          called = true;
          return "ran";
        },
      },
    });
    expect(env.compile('{{lookup data "run"}}')(context)).toBe("");
    expect(called).toBe(false);
  });

  it("leaves Object.prototype alone whatever the template does", () => {
    const env = createTemplateEnvironment();
    const sources = ['{{#with __proto__}}{{lookup this "polluted"}}{{/with}}', "{{__proto__.polluted}}"];
    for (const source of sources) env.compile(source)(makeContext());
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
  });
});
