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
export function compileParams<T>(
  env: TemplateEnvironment,
  value: T,
  options: CompileParamsOptions = {},
): (context: TemplateContext) => RenderedParams<T> {
  const urls = options.urlParams ?? [];
  if (urls.length === 0 || !isPlainObject(value)) {
    return compileValue(env, value) as (context: TemplateContext) => RenderedParams<T>;
  }
  // URL parameters are compiled in URL mode (values encoded); the rest of the object as usual.
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !urls.includes(key)));
  const renderRest = compileValue(env, rest);
  const renderUrls = urls.flatMap((key) => {
    const text = value[key];
    return typeof text === "string" ? [[key, env.compile(text, { url: true })] as const] : [];
  });
  const byKey = new Map(renderUrls);
  const keys = Object.keys(value);
  return ((context: TemplateContext) => {
    const rest = renderRest(context) as Record<string, unknown>;
    // The keys in their written order, as every other step's parameters.
    return Object.fromEntries(keys.map((key) => [key, byKey.get(key)?.(context) ?? rest[key]]));
  }) as (context: TemplateContext) => RenderedParams<T>;
}

/** Options of {@link compileParams}. */
export interface CompileParamsOptions {
  /** Top-level parameters that are URLs, compiled with `{ url: true }` (values URL-encoded). */
  readonly urlParams?: readonly string[];
}

function compileValue(env: TemplateEnvironment, value: unknown): Render {
  if (typeof value === "string") return env.compile(value);
  if (Array.isArray(value)) return compileList(env, value);
  if (isPlainObject(value)) return compileObject(env, value);
  return () => value;
}

// Numbers, booleans, null and text without `{{`: the same value at every rendering.
function isConstant(value: unknown): boolean {
  if (typeof value === "string") return !value.includes("{{");
  return value === null || typeof value === "number" || typeof value === "boolean" || value === undefined;
}

function compileList(env: TemplateEnvironment, list: readonly unknown[]): Render {
  const items = list.map((item) => compileValue(env, item));
  return (context) => {
    const rendered = new Array<unknown>(items.length);
    for (let index = 0; index < items.length; index++) rendered[index] = (items[index] as Render)(context);
    return rendered;
  };
}

function compileObject(env: TemplateEnvironment, object: Readonly<Record<string, unknown>>): Render {
  const keys = Object.keys(object);
  // An assignment to `__proto__` would replace the copy's prototype: such a key from YAML goes
  // through fromEntries, which defines it as a plain own property.
  if (keys.includes("__proto__")) {
    const renders = keys.map((key) => compileValue(env, object[key]));
    return (context) => Object.fromEntries(keys.map((key, index) => [key, (renders[index] as Render)(context)]));
  }
  // Every rendering copies a skeleton that holds the constants already (one copy of a known shape
  // is much cheaper than adding the keys one by one), then writes what depends on the context:
  // templates, and lists and objects, which are rendered afresh so no two renderings share one.
  const skeleton: Record<string, unknown> = {};
  const rendered: string[] = [];
  const renders: Render[] = [];
  for (const key of keys) {
    const value = object[key];
    const constant = isConstant(value);
    skeleton[key] = constant ? value : undefined;
    if (constant) continue;
    rendered.push(key);
    renders.push(compileValue(env, value));
  }
  return (context) => {
    const copy: Record<string, unknown> = { ...skeleton };
    for (let index = 0; index < rendered.length; index++)
      copy[rendered[index] as string] = (renders[index] as Render)(context);
    return copy;
  };
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
