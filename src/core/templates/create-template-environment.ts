import Handlebars from "handlebars";
import { BoundedMemo } from "../cache/bounded-memo.js";
import { KitError } from "../errors/kit-error.js";
import { COMPARISON_HELPERS } from "./comparison-helpers.js";
import { compileSimpleTemplate } from "./compile-simple-template.js";
import { encodeUrlParts } from "./encode-url-parts.js";
import { findTemplateProblem } from "./find-template-problem.js";
import { STRING_HELPERS } from "./string-helpers.js";
import type { TemplateContext } from "./template-context.js";
import type { TemplateHelper } from "./template-helper.js";
import { VALUE_HELPERS } from "./value-helpers.js";

/** A compiled template: renders a context to text. */
export type Template = (context: TemplateContext) => string;

/** How a template is compiled. */
export interface TemplateCompileOptions {
  /** Escape HTML in `{{value}}` output. Off by default: chat messages are plain text. */
  readonly html?: boolean;
  /**
   * The template is a URL: every `{{value}}` but the first statement (the base URL) renders
   * URL-component encoded, so a value cannot change the path or the query's structure. See
   * {@link encodeUrlParts}.
   */
  readonly url?: boolean;
}

/** Counters of an environment, for tests and metrics. */
export interface TemplateStats {
  /** Calls to `compile`, cache hits and plain strings included. */
  readonly compileCalls: number;
  /** Templates actually compiled by Handlebars (cache misses). */
  readonly compiled: number;
  /** Templates held in the cache now. */
  readonly cached: number;
}

/** One isolated, sandboxed Handlebars with this kit's helpers. */
export interface TemplateEnvironment {
  /**
   * Compiles `source` once (later calls with the same source and mode return the cached
   * template). Throws a `KitError` (`MANIFEST_INVALID`) when the template does not parse, uses an
   * unknown helper, a partial or a decorator. The returned template never reads a prototype.
   */
  compile(source: string, options?: TemplateCompileOptions): Template;
  /** How much compiling this environment has done. */
  stats(): TemplateStats;
}

/** Options of {@link createTemplateEnvironment}. */
export interface TemplateEnvironmentOptions {
  /**
   * Templates kept compiled before the cache is emptied (default 10,000). Manifests hold far fewer;
   * the bound keeps a long-running process that reloads manifests from growing without end.
   */
  readonly cacheLimit?: number;
}

const HELPERS: readonly TemplateHelper[] = [...COMPARISON_HELPERS, ...STRING_HELPERS, ...VALUE_HELPERS];

// Explicit, although they are Handlebars' defaults since 4.6: no template may read an inherited
// property or call an inherited method (`constructor`, `__proto__`, `__defineGetter__`...).
const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = Object.freeze({
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
});

/** Creates a template environment; each has its own Handlebars instance and template cache. */
export function createTemplateEnvironment(options: TemplateEnvironmentOptions = {}): TemplateEnvironment {
  const handlebars = createSandbox();
  const inline = new Set(HELPERS.map((helper) => helper.name));
  const cache = new BoundedMemo<Template>(options.cacheLimit ?? 10_000);
  let compileCalls = 0;
  let compiled = 0;

  return {
    compile(source, compileOptions = {}) {
      compileCalls += 1;
      // The hot path: most parameters are plain text, which needs no Handlebars at all.
      if (!source.includes("{{")) return () => source;
      const html = compileOptions.html === true;
      const url = compileOptions.url === true;
      return cache.get(`${html ? "html" : url ? "url" : "text"}:${source}`, () => {
        compiled += 1;
        return compileTemplate(handlebars, inline, source, html, url);
      });
    },
    stats: () => ({ compileCalls, compiled, cached: cache.size }),
  };
}

function createSandbox(): typeof Handlebars {
  const handlebars = Handlebars.create();
  // `log` writes context values to the console; templates have no business doing that.
  handlebars.unregisterHelper("log");
  // Unknown helpers are rejected at compile time; should one slip through, render nothing.
  handlebars.registerHelper("helperMissing", () => undefined);
  for (const helper of HELPERS) handlebars.registerHelper(helper.name, wrapHelper(helper));
  return handlebars;
}

// Handlebars passes its `options` object last; helpers see only the template's arguments, and a
// helper that throws on odd input renders nothing instead of failing the whole rule.
function wrapHelper(helper: TemplateHelper): Handlebars.HelperDelegate {
  return (...args: unknown[]) => {
    try {
      return helper.fn(...args.slice(0, -1));
    } catch {
      return "";
    }
  };
}

function compileTemplate(
  handlebars: typeof Handlebars,
  inline: ReadonlySet<string>,
  source: string,
  html: boolean,
  url = false,
): Template {
  const parsed = parse(handlebars, source);
  const program = url ? encodeUrlParts(parsed) : parsed;
  const problem = findTemplateProblem(program, inline);
  if (problem !== undefined) throw templateError(source, problem);
  const simple = compileSimpleTemplate(program, {
    helpers: inline,
    ...(html ? { escape: (value: unknown) => handlebars.Utils.escapeExpression(value as string) } : {}),
  });
  if (simple !== undefined) return simple;
  const delegate = handlebars.compile<TemplateContext>(program, {
    noEscape: !html,
    strict: false,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries([...inline].map((name) => [name, true])),
  });
  const template: Template = (context) => delegate(context, RUNTIME_OPTIONS);
  warmUp(template, source);
  return template;
}

function parse(handlebars: typeof Handlebars, source: string): hbs.AST.Program {
  try {
    return handlebars.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = /^Parse error on line (\d+)/.exec(message);
    const expected = /Expecting (.+), got (.+)$/m.exec(message);
    const detail =
      where && expected
        ? `does not parse (line ${where[1]}: expected ${expected[1]}, got ${expected[2]})`
        : `does not parse: ${message.split("\n")[0] ?? message}`;
    throw templateError(source, detail, error);
  }
}

// Handlebars compiles lazily, on the first render. Rendering once now, against an empty context,
// moves that cost and any compiler error to load time, out of the first event's way.
function warmUp(template: Template, source: string): void {
  try {
    template({} as TemplateContext);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw templateError(source, `cannot be compiled: ${message.split("\n")[0] ?? message}`, error);
  }
}

function templateError(source: string, problem: string, cause?: unknown): KitError {
  const excerpt = JSON.stringify(source.length > 60 ? `${source.slice(0, 57)}...` : source);
  return new KitError("MANIFEST_INVALID", `template ${excerpt}: ${problem}`, { cause, context: { template: source } });
}
