import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readRawBody } from "../../runtime/intake/read-raw-body.js";
import { sendJson } from "../../runtime/intake/send-json.js";
import { widgetItems, type WidgetSpec } from "../../core/manifest/widget-spec.js";
import type { CrispSimulator } from "../simulator/crisp-simulator.js";
import { bindingContext, sendWidgetAction } from "../simulator/send-widget-action.js";
import { renderWidgetPreview } from "./render-widget-preview.js";
import { WIDGET_PREVIEW_SCRIPT, WIDGET_PREVIEW_STYLE } from "./widget-preview-assets.js";

/** A running preview of the widget, for `dev`. */
export interface WidgetPreview {
  readonly url: string;
  /** The page of one conversation. */
  link(websiteId: string, sessionId: string): string;
  close(): Promise<void>;
}

/** What the preview needs: the simulator (the inbox), the plugin's Action URL, and the live widget. */
export interface WidgetPreviewOptions {
  readonly simulator: CrispSimulator;
  /** The runtime's `POST /widget`. */
  readonly actionUrl: string;
  /** The widget of the live version (a reload changes it). */
  readonly widget: () => WidgetSpec | undefined;
  /** The runtime's widget secret: the preview signs as Crisp would. */
  readonly secret?: string;
  readonly websiteName: (websiteId: string) => string;
}

const HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
};

/**
 * Serves, on loopback, a page per conversation that draws the widget as the inbox sidebar does and
 * plays Crisp's part: a data item asks the plugin's real `POST /widget` for its value, a button
 * posts its press there, both with the website's token and signed (`sendWidgetAction`), bindings
 * filled from the simulated conversation. The page also lists the conversation's messages, so the
 * effect of a button shows.
 */
export async function startWidgetPreview(options: WidgetPreviewOptions): Promise<WidgetPreview> {
  const server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  return {
    url,
    link: (websiteId, sessionId) =>
      `${url}/widget-preview?${new URLSearchParams({ website_id: websiteId, session_id: sessionId }).toString()}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: WidgetPreviewOptions,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const websiteId = url.searchParams.get("website_id") ?? "";
  const sessionId = url.searchParams.get("session_id") ?? "";
  switch (`${request.method ?? ""} ${url.pathname}`) {
    case "GET /widget-preview": {
      const context = bindingContext(options.simulator, websiteId, sessionId);
      const target = { websiteId, sessionId, websiteName: options.websiteName(websiteId) };
      send(response, "text/html", renderWidgetPreview(options.widget(), target, context));
      return;
    }
    case "GET /widget-preview/script.js":
      send(response, "text/javascript", WIDGET_PREVIEW_SCRIPT);
      return;
    case "GET /widget-preview/style.css":
      send(response, "text/css", WIDGET_PREVIEW_STYLE);
      return;
    case "GET /widget-preview/messages":
      sendJson(response, 200, { messages: messagesOf(options.simulator, websiteId, sessionId) });
      return;
    case "POST /widget-preview/action":
      await act(request, response, options);
      return;
    default:
      sendJson(response, 404, { error: "not found" });
  }
}

/** Sends one item's action to the plugin as Crisp would, and tells the page what it answered. */
async function act(request: IncomingMessage, response: ServerResponse, options: WidgetPreviewOptions): Promise<void> {
  const body = await readRawBody(request, 64 * 1024);
  if (body.kind !== "complete") {
    sendJson(response, 413, { error: "body too large" });
    return;
  }
  const input = JSON.parse(body.bytes.toString("utf8")) as Record<string, unknown>;
  const found = widgetItems(options.widget()).find(({ item }) => item.id === input.item_id);
  if (found === undefined || typeof input.website_id !== "string" || typeof input.session_id !== "string") {
    sendJson(response, 404, { error: "no such widget item" });
    return;
  }
  const { section, item } = found;
  const answer = await sendWidgetAction(
    options.simulator,
    options.actionUrl,
    {
      website_id: input.website_id,
      session_id: input.session_id,
      item_id: item.id,
      section_id: section.id,
      type: item.type,
      ...(item.data === undefined ? {} : { data: item.data }),
      ...(input.value === undefined ? {} : { value: input.value }),
    },
    options.secret === undefined ? {} : { secret: options.secret },
  );
  sendJson(response, 200, { status: answer.status, body: answer.body });
}

function messagesOf(simulator: CrispSimulator, websiteId: string, sessionId: string): Record<string, unknown>[] {
  const messages = simulator.conversation(websiteId, sessionId)?.messages ?? [];
  return messages.map((message) => ({
    from: message.from,
    type: message.type,
    text: typeof message.content === "string" ? message.content : JSON.stringify(message.content),
  }));
}

function send(response: ServerResponse, type: string, text: string): void {
  response.writeHead(200, { ...HEADERS, "Content-Type": `${type}; charset=utf-8` });
  response.end(text);
}
