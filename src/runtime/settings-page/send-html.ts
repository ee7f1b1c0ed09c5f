import type { ServerResponse } from "node:http";

/** Answers with an HTML page and the page's security headers; does nothing once an answer has started. */
export function sendHtml(
  response: ServerResponse,
  status: number,
  html: string,
  headers: Readonly<Record<string, string>>,
): void {
  if (response.headersSent || response.writableEnded) return;
  response.writeHead(status, {
    ...headers,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(html),
  });
  response.end(html);
}
