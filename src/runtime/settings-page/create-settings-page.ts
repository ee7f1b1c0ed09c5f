import type { IncomingMessage, ServerResponse } from "node:http";
import { lingerThenClose } from "../intake/linger-then-close.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { buildSettingsForm, type SettingsForm } from "../../core/settings/build-settings-form.js";
import { chooseLocale } from "./choose-locale.js";
import { collectFieldErrors } from "./collect-field-errors.js";
import { createCsrfTokens } from "./create-csrf-tokens.js";
import { createFailureLimiter } from "./create-failure-limiter.js";
import { formPageView } from "./form-page-view.js";
import { formValuesFromSettings } from "./form-values-from-settings.js";
import { isWebsiteToken } from "./is-website-token.js";
import { receiveSettingsForm } from "./receive-settings-form.js";
import { refuse } from "./refuse.js";
import { renderSettingsPage } from "./render-settings-page.js";
import { CRISP_APP_ORIGIN, securityHeaders } from "./security-headers.js";
import { sendHtml } from "./send-html.js";
import type { SettingsPageContext, SettingsPageVersion } from "./settings-page-context.js";
import { uiTextFor } from "./ui-text.js";

/** Options of {@link createSettingsPage}. */
export interface SettingsPageOptions {
  readonly registry: WebsiteRegistry;
  /** The live plugin version (read on each request, so a reload changes the form at once). */
  readonly version: () => SettingsPageVersion;
  /** Writes a website's settings to Crisp (`saveSubscriptionSettings`); rejects when Crisp refuses. */
  readonly save: (websiteId: string, settings: Readonly<Record<string, unknown>>) => Promise<void>;
  readonly log: Logger;
  /** The clock of the anti-forgery tokens and the failure limit. */
  readonly now?: () => Date;
  /** Origins allowed to frame the page besides its own; default the Crisp dashboard. */
  readonly frameAncestors?: readonly string[];
  /** Largest form accepted, in bytes; larger ones get 413. Default 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Wrong tokens allowed per client address within `failureWindowMs` before 429. Default 10. */
  readonly maxFailures?: number;
  /** Default 15 minutes. */
  readonly failureWindowMs?: number;
  /** The anti-forgery secret; a random one per process by default. */
  readonly csrfSecret?: Buffer;
}

/** The default of {@link SettingsPageOptions.maxBodyBytes}. */
export const SETTINGS_MAX_BODY_BYTES = 64 * 1024;

/**
 * The settings page Crisp opens at the plugin's Settings URL: `GET /settings?website_id=&token=`
 * draws a form from the manifest's settings schema, filled with the website's settings;
 * `POST /settings` checks the values with the runtime's validator, saves them to Crisp and applies
 * them at once. A wrong token gets 403 (and counts towards a 429 per address); plain HTML, no
 * script. Returns a `node:http` listener for the `/settings` path; it never throws.
 */
export function createSettingsPage(
  options: SettingsPageOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const clock = options.now ?? (() => new Date());
  const now = (): number => clock().getTime();
  const forms = new WeakMap<object, SettingsForm>();
  const context: SettingsPageContext = {
    registry: options.registry,
    version: options.version,
    save: options.save,
    log: options.log,
    limiter: createFailureLimiter({
      now,
      ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
      ...(options.failureWindowMs === undefined ? {} : { windowMs: options.failureWindowMs }),
    }),
    csrf: createCsrfTokens({ now, ...(options.csrfSecret === undefined ? {} : { secret: options.csrfSecret }) }),
    headers: securityHeaders(options.frameAncestors ?? [CRISP_APP_ORIGIN]),
    maxBodyBytes: options.maxBodyBytes ?? SETTINGS_MAX_BODY_BYTES,
    formOf: (schema) => {
      const known = forms.get(schema);
      if (known !== undefined) return known;
      const form = buildSettingsForm(schema);
      forms.set(schema, form);
      return form;
    },
  };
  return (request, response) => {
    serve(request, response, context).catch((error: unknown) => {
      context.log.error(`settings page: ${error instanceof Error ? error.message : String(error)}`);
      if (response.headersSent) response.destroy();
      else refuse(response, context, { status: 500, locale: "en", reason: "failed" });
    });
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, context: SettingsPageContext): Promise<void> {
  const url = new URL(request.url ?? "/", "http://settings.invalid");
  const { manifest } = context.version();
  const form = context.formOf(manifest.settings);
  const locale = chooseLocale(form.fields, url.searchParams.get("locale"), request.headers["accept-language"]);
  const method = request.method ?? "GET";
  if (method !== "GET" && method !== "HEAD" && method !== "POST") {
    lingerThenClose(request);
    refuse(response, context, { status: 405, locale, reason: "badRequest", headers: { Allow: "GET, HEAD, POST" } });
    return;
  }
  const address = request.socket.remoteAddress ?? "";
  const waitMs = context.limiter.retryAfterMs(address);
  if (waitMs > 0) {
    if (method === "POST") lingerThenClose(request);
    const headers = { "Retry-After": String(Math.ceil(waitMs / 1000)) };
    refuse(response, context, { status: 429, locale, reason: "tooMany", headers });
    return;
  }
  if (method === "POST") {
    await receiveSettingsForm(request, response, context, address);
    return;
  }
  showSettings(url, response, context, { address, locale, form, pluginName: manifest.plugin.name });
}

function showSettings(
  url: URL,
  response: ServerResponse,
  context: SettingsPageContext,
  at: { address: string; locale: string; form: SettingsForm; pluginName: string },
): void {
  const websiteId = url.searchParams.get("website_id") ?? "";
  const token = url.searchParams.get("token");
  const website = context.registry.get(websiteId);
  // Compared even when the website is unknown, so that the answer's timing tells nothing.
  const valid = isWebsiteToken(website?.token, token);
  if (!valid || website === undefined || token === null) {
    context.limiter.recordFailure(at.address);
    refuse(response, context, { status: 403, locale: at.locale, reason: "forbidden" });
    return;
  }
  const text = uiTextFor(at.locale);
  const { settings } = website;
  const current = settings.ok ? settings.settings : website.rawSettings;
  const errors = settings.ok ? undefined : collectFieldErrors(at.form.fields, new Map(), settings.issues ?? [], text);
  const notice = !settings.ok
    ? { tone: "bad" as const, text: text.currentInvalid }
    : url.searchParams.get("saved") === "1"
      ? { tone: "ok" as const, text: text.saved }
      : undefined;
  const view = formPageView({
    pluginName: at.pluginName,
    form: at.form,
    locale: at.locale,
    websiteId,
    token,
    csrf: context.csrf.issue(websiteId, token),
    values: formValuesFromSettings(at.form.fields, current),
    ...(errors === undefined ? {} : { errors }),
    ...(notice === undefined ? {} : { notice }),
  });
  sendHtml(response, 200, renderSettingsPage(view), context.headers);
}
