import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Issues and checks the anti-forgery token of the settings form. */
export interface CsrfTokens {
  issue(websiteId: string, token: string): string;
  check(websiteId: string, token: string, value: string | null): boolean;
}

/** How long a form stays valid: an administrator may take a while. */
export const CSRF_MAX_AGE_MS = 4 * 60 * 60_000;

const FORMAT = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Stateless anti-forgery tokens: `<issued at>.<HMAC-SHA256(secret, website id, website token,
 * issued at)>`, with a secret of this process (a restart, or another replica, invalidates open
 * forms, which then ask to save again). Checked in constant time; older than `maxAgeMs`, or from
 * the future, a token is refused.
 */
export function createCsrfTokens(options: { now: () => number; secret?: Buffer; maxAgeMs?: number }): CsrfTokens {
  const secret = options.secret ?? randomBytes(32);
  const maxAgeMs = options.maxAgeMs ?? CSRF_MAX_AGE_MS;
  const sign = (websiteId: string, token: string, issuedAt: number): Buffer =>
    Buffer.from(createHmac("sha256", secret).update(`${websiteId}\n${token}\n${issuedAt}`).digest("base64url"));
  return {
    issue(websiteId, token) {
      const issuedAt = Math.floor(options.now());
      return `${issuedAt.toString(36)}.${sign(websiteId, token, issuedAt).toString()}`;
    },
    check(websiteId, token, value) {
      const match = FORMAT.exec(value ?? "");
      if (match === null) return false;
      const issuedAt = parseInt(match[1] ?? "", 36);
      const age = options.now() - issuedAt;
      const mac = Buffer.from(match[2] ?? "");
      const expected = sign(websiteId, token, issuedAt);
      return timingSafeEqual(mac, expected) && age >= -60_000 && age <= maxAgeMs;
    },
  };
}
