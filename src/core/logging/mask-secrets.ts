import { redactUrlsIn } from "./redact-url.js";

/** Field names whose values never reach a log line, a dead letter or CLI output. */
export const SECRET_FIELD = /key|secret|token|password|passwd|authorization|cookie|credential|signature/i;

/** What replaces a secret. */
export const REDACTED = "[redacted]";

/** Deeper than this, values are dropped: a log line is no place for them. */
const MAX_DEPTH = 12;

/**
 * A copy of `value` fit to print: at every depth, fields named like a secret (see
 * {@link SECRET_FIELD}) and every value of a `headers` object become `[redacted]`; in every
 * string, URL credentials are masked and each of `secrets` (the values of settings marked
 * `x-secret`) is replaced. Cycles and very deep values are cut.
 */
export function maskSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  const usable = secrets.filter((secret) => secret.length >= 4);
  return mask(value, usable, 0, new WeakSet());
}

/** A text with URL credentials and the given secret values masked. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let masked = redactUrlsIn(text);
  for (const secret of secrets) if (secret.length >= 4) masked = masked.replaceAll(secret, REDACTED);
  return masked;
}

function mask(value: unknown, secrets: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return "[…]";
  seen.add(value);
  if (value instanceof Error) return maskText(value.message, secrets);
  if (Array.isArray(value)) return (value as unknown[]).map((item) => mask(item, secrets, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELD.test(name)) copy[name] = REDACTED;
    else if (name.toLowerCase() === "headers" && typeof item === "object" && item !== null && !Array.isArray(item)) {
      copy[name] = Object.fromEntries(Object.keys(item).map((header) => [header, REDACTED]));
    } else copy[name] = mask(item, secrets, depth + 1, seen);
  }
  return copy;
}
