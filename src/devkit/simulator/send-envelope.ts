import type { ServerResponse } from "node:http";
import type { RouteResult } from "./route-result.js";

/** Writes a result in Crisp's envelope: `{ error, reason, data }`, `error` true from status 400. */
export function sendEnvelope(response: ServerResponse, result: RouteResult): void {
  const body = JSON.stringify({ error: result.status >= 400, reason: result.reason, data: result.data ?? {} });
  response.writeHead(result.status, {
    ...result.headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  // Node drops the body of a HEAD answer by itself; the headers stay accurate.
  response.end(body);
}
