import type { IncomingMessage, ServerResponse } from "node:http";
import { lingerThenClose } from "../intake/linger-then-close.js";
import { readRawBody } from "../intake/read-raw-body.js";
import { chooseLocale } from "./choose-locale.js";
import { collectFieldErrors, type FieldErrors } from "./collect-field-errors.js";
import { formPageView } from "./form-page-view.js";
import { formValuesFromParams } from "./form-values-from-params.js";
import { isWebsiteToken } from "./is-website-token.js";
import { parseSettingsForm } from "./parse-settings-form.js";
import { refuse } from "./refuse.js";
import { renderSettingsPage } from "./render-settings-page.js";
import { sendHtml } from "./send-html.js";
import type { SettingsPageContext } from "./settings-page-context.js";
import { settingsPageLink } from "./settings-page-link.js";
import { uiTextFor } from "./ui-text.js";

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * `POST /settings`: reads the form within the size limit (413), checks the website token (403,
 * counted towards 429) and the anti-forgery token, types the values by the schema and checks them
 * with the runtime's validator. Refused values are shown again with their errors (422) and nothing
 * is saved; valid ones are written to Crisp, applied to the running plugin, and answered with a
 * redirect to the page (303), which then says they were saved.
 */
export async function receiveSettingsForm(
  request: IncomingMessage,
  response: ServerResponse,
  context: SettingsPageContext,
  address: string,
): Promise<void> {
  const version = context.version();
  const form = context.formOf(version.manifest.settings);
  const acceptLanguage = request.headers["accept-language"];
  if (!FORM_TYPE.test(request.headers["content-type"] ?? "")) {
    lingerThenClose(request);
    refuse(response, context, {
      status: 415,
      locale: chooseLocale(form.fields, null, acceptLanguage),
      reason: "badRequest",
    });
    return;
  }
  const body = await readRawBody(request, context.maxBodyBytes);
  if (body.kind === "aborted") return;
  if (body.kind === "too_large") {
    lingerThenClose(request);
    refuse(response, context, {
      status: 413,
      locale: chooseLocale(form.fields, null, acceptLanguage),
      reason: "tooLarge",
    });
    return;
  }
  const params = new URLSearchParams(body.bytes.toString("utf8"));
  const locale = chooseLocale(form.fields, params.get("_locale"), acceptLanguage);
  const websiteId = params.get("_website_id") ?? "";
  const token = params.get("_token");
  const website = context.registry.get(websiteId);
  const valid = isWebsiteToken(website?.token, token);
  if (!valid || website === undefined || token === null) {
    context.limiter.recordFailure(address);
    refuse(response, context, { status: 403, locale, reason: "forbidden" });
    return;
  }
  const text = uiTextFor(locale);
  const again = (status: number, notice: string, errors?: FieldErrors): void => {
    const view = formPageView({
      pluginName: version.manifest.plugin.name,
      form,
      locale,
      websiteId,
      token,
      csrf: context.csrf.issue(websiteId, token),
      values: formValuesFromParams(form.fields, params),
      notice: { tone: "bad", text: notice },
      ...(errors === undefined ? {} : { errors }),
    });
    sendHtml(response, status, renderSettingsPage(view), context.headers);
  };
  if (!context.csrf.check(websiteId, token, params.get("_csrf"))) {
    again(403, text.expired);
    return;
  }
  const parsed = parseSettingsForm(form.fields, params, website.rawSettings);
  const result = version.validateSettings(parsed.settings);
  if (parsed.problems.size > 0 || !result.ok) {
    const issues = result.ok ? [] : (result.issues ?? []);
    again(422, text.errorSummary, collectFieldErrors(form.fields, parsed.problems, issues, text));
    return;
  }
  try {
    await context.save(websiteId, parsed.settings);
  } catch (error) {
    context.log.warn(
      `website ${websiteId}: Crisp refused the settings saved from the settings page: ${error instanceof Error ? error.message : String(error)}`,
      { website_id: websiteId },
    );
    again(502, text.saveFailed);
    return;
  }
  context.registry.updateSettings(websiteId, parsed.settings);
  context.log.info(`website ${websiteId}: settings saved from the settings page`, { website_id: websiteId });
  const location = `${settingsPageLink("", websiteId, token, locale)}&saved=1`;
  response.writeHead(303, { ...context.headers, Location: location, "Content-Length": 0 });
  response.end();
}
