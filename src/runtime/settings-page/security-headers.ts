import { createHash } from "node:crypto";
import { SETTINGS_PAGE_STYLE } from "./settings-page-style.js";

/** The Crisp dashboard, which opens a plugin's Settings URL in an iframe. */
export const CRISP_APP_ORIGIN = "https://app.crisp.chat";

const STYLE_HASH = `'sha256-${createHash("sha256").update(SETTINGS_PAGE_STYLE).digest("base64")}'`;

/**
 * The headers of every settings page answer. The Content-Security-Policy allows no script at all,
 * only the page's own stylesheet (by hash), forms posted to this origin only, and framing by this
 * origin (opening the page directly, as in `dev`) and by `frameAncestors` (the Crisp dashboard).
 * No referrer is sent, since the address holds the website's token; nothing is cached.
 */
export function securityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    "img-src 'self' data:",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(" ")}`,
    "base-uri 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
