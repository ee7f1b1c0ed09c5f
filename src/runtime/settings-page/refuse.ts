import type { ServerResponse } from "node:http";
import { renderSettingsPage } from "./render-settings-page.js";
import { sendHtml } from "./send-html.js";
import type { SettingsPageContext } from "./settings-page-context.js";
import { uiTextFor, type UiText } from "./ui-text.js";

/** Why a request gets no form. */
export type RefusalReason = "forbidden" | "tooMany" | "tooLarge" | "badRequest" | "failed";

/**
 * Answers with a page that says only why the request was refused: nothing about the plugin or
 * the website, whose token may not have been given.
 */
export function refuse(
  response: ServerResponse,
  context: Pick<SettingsPageContext, "headers">,
  refusal: { status: number; locale: string; reason: RefusalReason; headers?: Readonly<Record<string, string>> },
): void {
  const text: UiText = uiTextFor(refusal.locale);
  const html = renderSettingsPage({
    lang: refusal.locale,
    title: text.heading,
    heading: text.heading,
    intro: "",
    notice: { tone: "bad", text: text[refusal.reason], links: [] },
  });
  sendHtml(response, refusal.status, html, { ...context.headers, ...refusal.headers });
}
