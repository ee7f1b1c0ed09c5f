import type { SettingsResult } from "./create-settings-validator.js";

/** A website's settings as kept: the raw object and its validation, shared by equal settings. */
export interface InternedSettings {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly result: SettingsResult;
}

/** Distinct settings remembered; past this, settings are validated and kept per website again. */
const DEFAULT_LIMIT = 10_000;

/**
 * Validates settings once per distinct value rather than once per website: most websites keep the
 * defaults or one of a few configurations, so with 100,000 websites this saves a copy, a schema
 * validation and a defaults-filled object per website (start-up CPU and memory, BENCHMARKS.md).
 * Equal settings (same JSON) get the very same objects, deeply frozen, since websites now share
 * them: nothing may change a website's settings in place (the settings page copies them first).
 */
export function internSettings(
  validate: (settings: unknown) => SettingsResult,
  limit = DEFAULT_LIMIT,
): (settings: Readonly<Record<string, unknown>>) => InternedSettings {
  const known = new Map<string, InternedSettings>();
  return (settings) => {
    let key: string | undefined;
    try {
      key = JSON.stringify(settings);
    } catch {
      // Not JSON (a cycle, a BigInt): Crisp never sends that, but validate it as it is, unshared.
      return { raw: settings, result: validate(settings) };
    }
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    const interned = deepFreeze({ raw: structuredClone(settings), result: validate(settings) });
    if (known.size < limit) known.set(key, interned);
    return interned;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
