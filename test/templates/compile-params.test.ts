import { describe, expect, it } from "vitest";
import { compileParams } from "../../src/core/templates/compile-params.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { makeContext } from "./make-context.js";

describe("compileParams", () => {
  it("renders every string at any depth and keeps the other values", () => {
    const env = createTemplateEnvironment();
    const render = compileParams(env, {
      content: "{{settings.greeting}} ({{data.type}})",
      user: { nickname: "Bot {{plugin.name}}", avatar: null },
      segments: ["after-hours", "{{data.origin}}"],
      delay: 5,
      stealth: false,
    });
    expect(render(makeContext())).toEqual({
      content: "Hi! (text)",
      user: { nickname: "Bot Test", avatar: null },
      segments: ["after-hours", "chat"],
      delay: 5,
      stealth: false,
    });
  });

  it("compiles once: rendering again compiles nothing", () => {
    const env = createTemplateEnvironment();
    const render = compileParams(env, { a: "{{data.type}}", b: ["{{data.origin}}", "plain"] });
    const after = env.stats();
    for (let index = 0; index < 50; index += 1) render(makeContext());
    expect(env.stats()).toEqual(after);
    expect(after.compiled).toBe(2);
  });

  it("returns a fresh copy each time, so an action cannot change the next rendering", () => {
    const env = createTemplateEnvironment();
    const render = compileParams(env, { list: ["a"], nested: { x: "{{data.type}}" } });
    const first = render(makeContext());
    first.list.push("mutated");
    first.nested.x = "mutated";
    expect(render(makeContext())).toEqual({ list: ["a"], nested: { x: "text" } });
  });

  it("keeps a __proto__ key as a plain key instead of setting the prototype", () => {
    const env = createTemplateEnvironment();
    const params = JSON.parse('{"__proto__": {"polluted": "{{data.type}}"}}') as Record<string, unknown>;
    const rendered = compileParams(env, params)(makeContext()) as Record<string, unknown>;
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
    expect(Object.hasOwn(rendered, "__proto__")).toBe(true);
    expect(rendered.polluted).toBeUndefined();
  });

  it("renders a lone string and non-object values", () => {
    const env = createTemplateEnvironment();
    expect(compileParams(env, "{{data.type}}")(makeContext())).toBe("text");
    expect(compileParams(env, 3)(makeContext())).toBe(3);
    expect(compileParams(env, null)(makeContext())).toBe(null);
  });

  it("throws at compile time when one string is not a valid template", () => {
    const env = createTemplateEnvironment();
    expect(() => compileParams(env, { ok: "{{data.type}}", bad: ["{{#if}}x{{/if}}"] })).toThrow(
      "takes exactly one value",
    );
  });
});
