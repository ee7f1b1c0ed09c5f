import type { TemplateEnvironment } from "./create-template-environment.js";
import type { TemplateContext } from "./template-context.js";

/** The shape of parameters once rendered: every string stays a string, the rest as it was. */
export type RenderedParams<T> = T extends string
  ? string
  : T extends readonly (infer Item)[]
    ? RenderedParams<Item>[]
    : T extends object
      ? { [K in keyof T]: RenderedParams<T[K]> }
      : T;

type Render = (context: TemplateContext) => unknown;

/**
 * Compiles a step's `with:` parameters once: every string, at any depth, becomes a template;
 * numbers, booleans and null stay as they are. The returned function renders a fresh copy of the
 * same shape for a context, without compiling anything. Throws the environment's `KitError` when
 * a string is not a valid template.
 */
export function compileParams<T>(env: TemplateEnvironment, value: T): (context: TemplateContext) => RenderedParams<T> {
  return compileValue(env, value) as (context: TemplateContext) => RenderedParams<T>;
}

function compileValue(env: TemplateEnvironment, value: unknown): Render {
  if (typeof value === "string") return env.compile(value);
  if (Array.isArray(value)) return compileList(env, value);
  if (isPlainObject(value)) return compileObject(env, value);
  return () => value;
}

function compileList(env: TemplateEnvironment, list: readonly unknown[]): Render {
  const items = list.map((item) => compileValue(env, item));
  return (context) => items.map((render) => render(context));
}

function compileObject(env: TemplateEnvironment, object: Readonly<Record<string, unknown>>): Render {
  const entries: [string, Render][] = Object.entries(object).map(([key, item]) => [key, compileValue(env, item)]);
  // fromEntries defines own properties, so a `__proto__` key from YAML stays a plain key instead of
  // replacing the copy's prototype, which an assignment would do.
  return (context) => Object.fromEntries(entries.map(([key, render]) => [key, render(context)]));
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
