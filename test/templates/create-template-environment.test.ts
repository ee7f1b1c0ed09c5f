import { describe, expect, it } from "vitest";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { makeContext } from "./make-context.js";

describe("createTemplateEnvironment", () => {
  it("renders values from the context", () => {
    const env = createTemplateEnvironment();
    const template = env.compile("{{settings.greeting}} You wrote: {{data.content}} ({{event.name}}, {{plugin.name}})");
    expect(template(makeContext())).toBe("Hi! You wrote: Hello there (message:send, Test)");
  });

  it("returns plain text as a constant without compiling it", () => {
    const env = createTemplateEnvironment();
    const template = env.compile("Thanks, we will answer soon.");
    expect(template(makeContext())).toBe("Thanks, we will answer soon.");
    expect(env.stats()).toEqual({ compileCalls: 1, compiled: 0, cached: 0 });
  });

  it("compiles each source once per mode and reuses it", () => {
    const env = createTemplateEnvironment();
    const first = env.compile("{{data.content}}");
    const second = env.compile("{{data.content}}");
    const html = env.compile("{{data.content}}", { html: true });
    expect(second).toBe(first);
    expect(html).not.toBe(first);
    expect(env.stats()).toEqual({ compileCalls: 3, compiled: 2, cached: 2 });
  });

  it("does not escape HTML by default, since chat messages are plain text", () => {
    const env = createTemplateEnvironment();
    const context = makeContext({ data: { content: `<b>"Tom" & 'Jerry'</b>` } });
    expect(env.compile("{{data.content}}")(context)).toBe(`<b>"Tom" & 'Jerry'</b>`);
  });

  it("escapes HTML when asked to", () => {
    const env = createTemplateEnvironment();
    const context = makeContext({ data: { content: `<b>"Tom" & 'Jerry'</b>` } });
    expect(env.compile("<p>{{data.content}}</p>", { html: true })(context)).toBe(
      "<p>&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;</p>",
    );
  });

  it("renders a missing value as empty text rather than failing", () => {
    const env = createTemplateEnvironment();
    expect(env.compile("[{{data.user.nickname}}]")(makeContext())).toBe("[]");
  });

  it("keeps the built-in block helpers", () => {
    const env = createTemplateEnvironment();
    const context = makeContext({ data: { segments: ["vip", "fr"], user: { nickname: "Ann" } } });
    const template = env.compile(
      "{{#each data.segments}}{{@index}}:{{this}} {{/each}}{{#with data.user}}{{nickname}}{{/with}}{{#unless data.x}}!{{/unless}}{{#if data.x}}no{{else}}yes{{/if}}",
    );
    expect(template(context)).toBe("0:vip 1:fr Ann!yes");
  });

  it("empties the cache when it reaches its limit, and keeps working", () => {
    const env = createTemplateEnvironment({ cacheLimit: 2 });
    env.compile("{{data.a}}");
    env.compile("{{data.b}}");
    const third = env.compile("{{data.c}}");
    expect(env.stats().cached).toBe(1);
    expect(third(makeContext({ data: { c: "ok" } }))).toBe("ok");
  });

  it("keeps environments apart", () => {
    const one = createTemplateEnvironment();
    const two = createTemplateEnvironment();
    one.compile("{{data.content}}");
    expect(two.stats()).toEqual({ compileCalls: 0, compiled: 0, cached: 0 });
  });

  describe("rejects at compile time, with the template and the reason", () => {
    const cases: [string, string][] = [
      ["{{#if data.x}", 'template "{{#if data.x}": does not parse'],
      ["{{uper data.content}}", 'template "{{uper data.content}}": unknown helper "uper" (did you mean "upper"?)'],
      ["{{frobnicate 1}}", 'template "{{frobnicate 1}}": unknown helper "frobnicate"'],
      ["{{#eq a b}}x{{/eq}}", 'template "{{#eq a b}}x{{/eq}}": "eq" is not a block helper: write {{#if (eq ...)}}'],
      ["{{if data.x}}", 'template "{{if data.x}}": "if" is a block helper: write {{#if value}}...{{/if}}'],
      ["{{#if}}x{{/if}}", 'template "{{#if}}x{{/if}}": {{#if}} takes exactly one value, not 0'],
      ["{{#each a b}}x{{/each}}", 'template "{{#each a b}}x{{/each}}": {{#each}} takes exactly one value, not 2'],
      ["{{#with a x=1}}x{{/with}}", 'template "{{#with a x=1}}x{{/with}}": {{#with}} takes no name=value options'],
      ["{{> footer}}", 'template "{{> footer}}": partials ({{> name}}) are not supported'],
      ["{{#> layout}}x{{/layout}}", 'template "{{#> layout}}x{{/layout}}": partials ({{> name}}) are not supported'],
      ["{{* decorate}}", 'template "{{* decorate}}": decorators ({{* name}}) are not supported'],
      ['{{log "x"}}', 'template "{{log \\"x\\"}}": unknown helper "log"'],
      ["{{#if (nope 1)}}x{{/if}}", 'template "{{#if (nope 1)}}x{{/if}}": unknown helper "nope"'],
      ["{{else}}{{#if a}}{{/if}}", 'template "{{else}}{{#if a}}{{/if}}": does not parse'],
    ];
    it.each(cases)("%s", (source, message) => {
      const env = createTemplateEnvironment();
      expect(() => env.compile(source)).toThrow(message);
    });

    it("with the code MANIFEST_INVALID", () => {
      const env = createTemplateEnvironment();
      expect(() => env.compile("{{nope 1}}")).toThrow(expect.objectContaining({ code: "MANIFEST_INVALID" }));
    });
  });

  it("checks helpers inside nested blocks and else branches too", () => {
    const env = createTemplateEnvironment();
    expect(() => env.compile("{{#if a}}{{else if b}}{{#each c}}{{bad 1}}{{/each}}{{/if}}")).toThrow(
      'unknown helper "bad"',
    );
  });
});
