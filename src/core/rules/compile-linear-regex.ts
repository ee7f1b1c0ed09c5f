import { RE2JS } from "re2js";
import { BoundedMemo } from "../cache/bounded-memo.js";

/** A compiled pattern that matches in time linear in the input (RE2's automaton, no backtracking). */
export interface LinearRegex {
  /** The pattern as written (JavaScript syntax). */
  readonly source: string;
  /** The flags as written (`i`, `m`, `s`, `u`). */
  readonly flags: string;
  /** Whether the pattern matches anywhere in `text`, like `RegExp.prototype.test`. */
  test(text: string): boolean;
  /** `/source/flags`, as a RegExp prints: ajv caches compiled patterns under this key. */
  toString(): string;
}

/** Why a pattern cannot be compiled: `invalid` JavaScript, or a feature RE2 has no linear-time form of. */
export class LinearRegexError extends Error {
  constructor(
    readonly reason: "invalid" | "unsupported",
    message: string,
  ) {
    super(message);
    this.name = "LinearRegexError";
  }
}

const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0, // RE2 always reads code points.
};

/**
 * Compiles a pattern written in JavaScript syntax for RE2JS, so matching never backtracks: a
 * visitor's message or a settings value cannot make one pattern take seconds (`^(a|a)*$` on
 * 10,000 characters takes under a millisecond). The pattern must first be a valid JavaScript
 * regular expression (what users write and test); back references and look-around, which no
 * linear-time engine has, are refused with that reason. Throws a {@link LinearRegexError}.
 */
export function compileLinearRegex(pattern: string, flags = ""): LinearRegex {
  return compiledPatterns.get(`${flags}/${pattern}`, () => compileAnew(pattern, flags));
}

/**
 * Patterns compiled before, by flags and source (a manifest has far fewer than this): a manifest's
 * patterns are compiled by its checks, by the engine, and again at every hot reload, and RE2
 * compiling is most of what compiling a rule costs. A compiled pattern keeps no state between
 * matches, so one object serves every caller.
 */
const compiledPatterns = new BoundedMemo<LinearRegex>(5_000);

function compileAnew(pattern: string, flags: string): LinearRegex {
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split(": ").at(-1) ?? error.message) : String(error);
    throw new LinearRegexError("invalid", `${JSON.stringify(pattern)} is not a valid regular expression: ${reason}`);
  }
  const feature = findBacktrackingFeature(pattern);
  if (feature !== undefined) {
    throw new LinearRegexError(
      "unsupported",
      `${JSON.stringify(pattern)} uses ${feature}, which cannot be matched in linear time; patterns run on RE2, which refuses it`,
    );
  }
  let bits = 0;
  for (const flag of flags) bits |= FLAG_BITS[flag] ?? 0;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : String(error);
    throw new LinearRegexError(
      "unsupported",
      `${JSON.stringify(pattern)} uses syntax the linear-time engine (RE2) does not support: ${reason}`,
    );
  }
  return { source: pattern, flags, test: (text) => compiled.test(text), toString: () => `/${pattern}/${flags}` };
}

/**
 * The first back reference or look-around in a pattern (outside character classes), named for
 * the error message, or `undefined`.
 */
function findBacktrackingFeature(pattern: string): string | undefined {
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    const rest = pattern.slice(index);
    if (char === "\\") {
      if (!inClass && /^\\([1-9]|k<)/.test(rest)) return `a back reference (${rest.slice(0, 3)})`;
      index++;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (/^\(\?(=|!|<=|<!)/.test(rest)) {
      return `a look-around (${/^\(\?(<?[=!])/.exec(rest)?.[0] ?? "(?"})`;
    }
  }
  return undefined;
}
