import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOutboundDispatcher } from "../../src/core/actions/create-outbound-dispatcher.js";
import { http, type HttpParams } from "../../src/core/actions/http.js";
import { isPublicAddress } from "../../src/core/actions/is-public-address.js";
import { createCrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import type { TemplateContext } from "../../src/core/templates/template-context.js";
import { actionContext, failure } from "./action-harness.js";

let server: Server;
let host: string;
let origin: string;
/** Bytes each streaming response wrote before the client went away. */
let written: number[];
let open: ServerResponse[];
let paths: string[];

/** Writes 64 KiB chunks until the client goes away (or 64 MiB, as a backstop). */
function streamForever(response: ServerResponse, declare?: number): void {
  response.writeHead(200, { "content-type": "text/plain", ...(declare ? { "content-length": String(declare) } : {}) });
  const chunk = Buffer.alloc(65_536, 97);
  let sent = 0;
  const entry = written.push(0) - 1;
  const pump = (): void => {
    while (sent < 64 * 1_048_576 && !response.destroyed) {
      sent += chunk.length;
      written[entry] = sent;
      if (!response.write(chunk)) {
        response.once("drain", pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

beforeEach(async () => {
  written = [];
  open = [];
  paths = [];
  server = createServer((request, response) => {
    paths.push(request.url ?? "");
    open.push(response);
    if (request.url === "/forever") streamForever(response);
    else if (request.url === "/declared") streamForever(response, 50_000_000);
    else if (request.url === "/drip") {
      response.writeHead(200, { "content-type": "text/plain" });
      const timer = setInterval(() => {
        response.write("a");
      }, 20);
      response.on("close", () => {
        clearInterval(timer);
      });
    } else response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  origin = `http://${host}`;
});
afterEach(async () => {
  for (const response of open) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function run(params: Partial<HttpParams> & { url: string }, timeoutMs = 5_000): Promise<unknown> {
  const crisp = createCrispRest(
    createCrispGateway({ identifier: "unused", key: "unused", restHost: "http://127.0.0.1:9" }),
  );
  return http.run(actionContext(crisp, { allow: [host, `localhost:${host.split(":")[1] ?? ""}`], timeoutMs }), {
    method: "GET",
    ...params,
  });
}

describe("outbound HTTP is bounded", () => {
  it("stops reading an answer that streams without end at max_bytes, and closes the connection", async () => {
    const error = await failure(run({ url: `${origin}/forever`, max_bytes: 100_000 }));

    expect(error).toMatchObject({ code: "HTTP_REQUEST_FAILED", kind: "unrecoverable" });
    expect(error.message).toBe(
      `http GET ${origin}: answered more than 100000 bytes (max_bytes); the answer was not read further`,
    );
    await expect.poll(() => open[0]?.destroyed).toBe(true);
    expect(written[0]).toBeLessThan(8 * 1_048_576);
  });

  it("reads at most 1 MiB by default", async () => {
    const error = await failure(run({ url: `${origin}/forever` }));

    expect(error.message).toContain("answered more than 1048576 bytes");
  });

  it("refuses an answer whose Content-Length is over the cap before reading it", async () => {
    const error = await failure(run({ url: `${origin}/declared`, max_bytes: 1_000 }));

    expect(error.message).toContain("answered more than 1000 bytes");
  });

  it("times out on an answer that keeps dripping under the cap, body included", async () => {
    const started = Date.now();
    const error = await failure(run({ url: `${origin}/drip`, timeout_ms: 300 }));

    expect(error).toMatchObject({ code: "HTTP_REQUEST_FAILED", message: `http GET ${origin}: timed out` });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("templated URLs", () => {
  const env = createTemplateEnvironment();
  const render = (source: string, content: string): string =>
    env.compile(source, { url: true })({
      data: { content },
      settings: { base: "https://hooks.example/T1/B2" },
    } as unknown as TemplateContext);

  it("encode every value but the leading base URL, so visitor text cannot change the path", () => {
    expect(render("{{settings.base}}/users/{{data.content}}?q={{data.content}}", "../../ok?x=1#y")).toBe(
      "https://hooks.example/T1/B2/users/..%2F..%2Fok%3Fx%3D1%23y?q=..%2F..%2Fok%3Fx%3D1%23y",
    );
    expect(render("https://api.example/{{#if data.content}}{{lower data.content}}{{/if}}", "A/B")).toBe(
      "https://api.example/a%2Fb",
    );
    expect(render("https://api.example/{{{data.content}}}", "raw/path")).toBe("https://api.example/raw/path");
    expect(render("http://{{data.content}}/p/{{data.content}}", "h:81")).toBe("http://h:81/p/h%3A81");
  });

  it("refuses a URL whose path has a dot segment, written or encoded", async () => {
    for (const path of ["/a/../b", "/a/%2e%2E/b", "/a/."]) {
      const error = await failure(run({ url: `${origin}${path}` }));
      expect(error.message).toContain('has a "." or ".." segment');
    }
    expect(paths).toEqual([]);
  });
});

describe("http.allow and private addresses", () => {
  it("refuses a name that resolves to a loopback or metadata address, before connecting", async () => {
    for (const address of ["127.0.0.1", "169.254.169.254", "10.1.2.3", "::1"]) {
      const dispatcher = createOutboundDispatcher({
        resolve: (_name, callback) => {
          callback(null, [{ address, family: address.includes(":") ? 6 : 4 }]);
        },
      });
      const port = host.split(":")[1] ?? "";
      const init = { dispatcher } as unknown as RequestInit;
      const error = await fetch(`http://allowed.example:${port}/`, init).then(
        () => undefined,
        (reason: unknown) => (reason as { cause?: unknown }).cause,
      );
      expect(error).toMatchObject({ code: "HOST_NOT_ALLOWED" });
      expect((error as Error).message).toContain(`resolves to ${address}`);
    }
    expect(paths).toEqual([]);
  });

  it("reaches loopback when http.allow lists the address or localhost itself", async () => {
    const port = host.split(":")[1] ?? "";
    await expect(run({ url: `${origin}/ok` })).resolves.toMatchObject({ status: 200 });
    await expect(run({ url: `http://localhost:${port}/ok` })).resolves.toMatchObject({ status: 200 });
  });

  it.each([
    ["127.0.0.1", false],
    ["169.254.169.254", false],
    ["192.168.1.1", false],
    ["172.20.0.1", false],
    ["::ffff:127.0.0.1", false],
    ["fd00::1", false],
    ["8.8.8.8", true],
    ["2606:4700::1111", true],
  ])("judges %s public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
