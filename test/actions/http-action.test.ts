import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActionContext } from "../../src/core/actions/action-context.js";
import { http, type HttpParams } from "../../src/core/actions/http.js";
import { isHostAllowed } from "../../src/core/actions/is-host-allowed.js";
import { createCrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import { actionContext, failure } from "./action-harness.js";

/** One request the outside server received. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let server: Server;
let origin: string;
let host: string;
let received: Received[];
/** Responses held open by the slow routes, ended in afterEach. */
let held: ServerResponse[];

/** The outside world: answers by path, records every request. */
function answer(url: string, response: ServerResponse): void {
  const status = /^\/status\/(\d+)$/.exec(url)?.[1];
  if (status !== undefined) {
    response.writeHead(Number(status), { "content-type": "application/json" });
    response.end(JSON.stringify({ error: `status ${status}` }));
  } else if (url === "/text") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("pong");
  } else if (url === "/redirect") {
    const port = String((server.address() as AddressInfo).port);
    response.writeHead(302, { location: `http://localhost:${port}/json` });
    response.end();
  } else if (url === "/slow") {
    held.push(response);
  } else if (url === "/slow-body") {
    response.writeHead(200, { "content-type": "application/json" });
    response.write('{"partial":');
    held.push(response);
  } else {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify({ ok: true, path: url }));
  }
}

beforeEach(async () => {
  received = [];
  held = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = request.url ?? "/";
      received.push({
        method: request.method ?? "",
        url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      answer(url, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  origin = `http://${host}`;
});
afterEach(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The http action's context; Crisp is never called by it, so the client points nowhere. */
function context(options: { allow?: string[]; timeoutMs?: number } = {}): ActionContext {
  const crisp = createCrispRest(
    createCrispGateway({ identifier: "unused", key: "unused", restHost: "http://127.0.0.1:9" }),
  );
  return actionContext(crisp, { allow: options.allow ?? [host], timeoutMs: options.timeoutMs ?? 2_000 });
}

function run(params: Partial<HttpParams> & { url: string }, options?: { allow?: string[]; timeoutMs?: number }) {
  return http.run(context(options), { method: "POST", ...params });
}

describe("the http action", () => {
  it("posts a JSON body with the rendered URL and headers, as sent", async () => {
    const result = await run({
      url: `${origin}/hooks/website-1?session=session_a1b2`,
      headers: { authorization: "Bearer abc", "x-plugin": "Engine Test" },
      body: { text: "Visitor wrote: hello", count: 2, nested: { ok: true } },
    });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: "POST", url: "/hooks/website-1?session=session_a1b2" });
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      authorization: "Bearer abc",
      "x-plugin": "Engine Test",
    });
    expect(JSON.parse(request?.body ?? "")).toEqual({ text: "Visitor wrote: hello", count: 2, nested: { ok: true } });
    expect(result).toEqual({ status: 200, body: { ok: true, path: "/hooks/website-1?session=session_a1b2" } });
  });

  it("sends a string body as is, and gives a non-JSON answer back as text", async () => {
    const result = await run({ url: `${origin}/text`, method: "PUT", body: "plain words" });

    expect(received[0]).toMatchObject({ method: "PUT", body: "plain words" });
    expect(received[0]?.headers["content-type"]).not.toBe("application/json");
    expect(result).toEqual({ status: 200, body: "pong" });
  });

  it("sends no body with GET", async () => {
    await run({ url: `${origin}/json`, method: "GET", body: { ignored: true } });

    expect(received[0]).toMatchObject({ method: "GET", body: "" });
  });

  it.each([
    ["a host not listed", ["api.example.com"]],
    ["the right host on another port", ["127.0.0.1"]],
    ["nothing allowed", []],
  ])("refuses %s with HOST_NOT_ALLOWED and makes no request", async (_case, allow) => {
    const error = await failure(run({ url: `${origin}/json` }, { allow }));

    expect(error.code).toBe("HOST_NOT_ALLOWED");
    expect(error.message).toBe(`http: host ${host} is not listed in http.allow`);
    expect(received).toEqual([]);
  });

  it.each(["ftp://127.0.0.1/file", "file:///etc/passwd", "javascript:alert(1)", "data:text/plain,hi"])(
    "refuses %s: only http and https are allowed",
    async (url) => {
      const error = await failure(run({ url }, { allow: ["127.0.0.1", host] }));

      expect(error.code).toBe("ACTION_FAILED");
      expect(error.message).toMatch(/URLs are not allowed, only http and https$/);
      expect(received).toEqual([]);
    },
  );

  it("refuses a URL that is not absolute", async () => {
    const error = await failure(run({ url: "/hooks/relative" }));

    expect(error).toMatchObject({
      code: "ACTION_FAILED",
      message: "http: `url` does not render to an absolute URL (scheme://host/...)",
    });
  });

  it("fails with HTTP_REQUEST_FAILED, timed out, when the server answers later than http.timeout_ms", async () => {
    const error = await failure(run({ url: `${origin}/slow` }, { timeoutMs: 100 }));

    expect(error).toMatchObject({ code: "HTTP_REQUEST_FAILED", kind: "retryable" });
    expect(error.message).toBe(`http POST ${origin}: timed out`);
  });

  it("lets a step's timeout_ms override http.timeout_ms", async () => {
    const error = await failure(run({ url: `${origin}/slow`, timeout_ms: 100 }, { timeoutMs: 60_000 }));

    expect(error.message).toBe(`http POST ${origin}: timed out`);
  });

  it("fails with HTTP_REQUEST_FAILED, timed out, when the answer's body stalls", async () => {
    const error = await failure(run({ url: `${origin}/slow-body` }, { timeoutMs: 100 }));

    expect(error).toMatchObject({ code: "HTTP_REQUEST_FAILED", message: `http POST ${origin}: timed out` });
  });

  it("does not follow a redirect to another host", async () => {
    const error = await failure(run({ url: `${origin}/redirect` }));

    expect(error.code).toBe("HTTP_REQUEST_FAILED");
    expect(error.message).toMatch(new RegExp(`^http POST ${origin}: request failed`));
    expect(received.map((request) => request.url)).toEqual(["/redirect"]);
  });

  it.each([
    [500, "retryable"],
    [503, "retryable"],
    [404, "unrecoverable"],
    [400, "unrecoverable"],
    [429, "rate-limited"],
  ] as const)("classifies an answer %i as %s", async (status, kind) => {
    const error = await failure(run({ url: `${origin}/status/${String(status)}` }));

    expect(error).toMatchObject({ code: "HTTP_REQUEST_FAILED", kind });
    expect(error.message).toBe(`http POST ${origin}: answered ${String(status)}`);
  });
});

describe("isHostAllowed", () => {
  it.each<[string, string[], boolean]>([
    ["hooks.slack.com", ["hooks.slack.com"], true],
    ["hooks.slack.com", ["slack.com"], false],
    ["evil.com", ["hooks.slack.com", "api.example.com"], false],
    ["api.example.com", ["*.example.com"], true],
    ["a.b.example.com", ["*.example.com"], true],
    ["example.com", ["*.example.com"], false],
    ["evilexample.com", ["*.example.com"], false],
    ["example.com.evil.org", ["*.example.com"], false],
    ["api.example.com:8443", ["api.example.com"], false],
    ["api.example.com:8443", ["api.example.com:8443"], true],
    ["api.example.com:9443", ["api.example.com:8443"], false],
    ["api.example.com", ["api.example.com:8443"], false],
    ["api.example.com:8443", ["*.example.com"], false],
    ["api.example.com:8443", ["*.example.com:8443"], true],
    ["API.Example.COM", ["api.example.com"], true],
    ["api.example.com", ["*.EXAMPLE.com"], true],
    ["api.example.com", [], false],
  ])("%s with http.allow %j: %s", (host, allow, expected) => {
    expect(isHostAllowed(host, allow)).toBe(expected);
  });
});
