import { Crisp } from "crisp-api";
import { describe, expect, it } from "vitest";
import { createCrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { ROUTE_CATALOG, type CrispService, type RouteEntry } from "../../src/runtime/crisp/route-catalog.js";
import { SCOPE_NAMES } from "../../src/core/crisp/scope-catalog.js";
import { KitError } from "../../src/core/errors/kit-error.js";

const SERVICES: readonly CrispService[] = ["bucket", "media", "plan", "plugin", "website"];
const HTTP_METHODS = ["head", "get", "post", "patch", "put", "delete"] as const;

/**
 * Every method crisp-api's services have, with the request it makes: crisp-api's own client, its
 * six request methods replaced by a recorder, each resource method called with placeholder arguments.
 */
async function recordCrispApi(): Promise<Map<string, { method: string; path: string }>> {
  const client = new Crisp();
  client.setRestHost("http://recorder");
  let last: { method: string; path: string } | undefined;
  const recorder = client as unknown as Record<string, unknown>;
  for (const method of HTTP_METHODS) {
    recorder[method] = (url: string) => {
      last = { method: method.toUpperCase(), path: url.replace("http://recorder/v1/", "") };
      return Promise.resolve({});
    };
  }
  const recorded = new Map<string, { method: string; path: string }>();
  for (const service of SERVICES) {
    const methods = (client as unknown as Record<string, Record<string, unknown>>)[service] ?? {};
    for (const [name, method] of Object.entries(methods)) {
      if (typeof method !== "function") continue;
      last = undefined;
      await (method as (...args: unknown[]) => Promise<unknown>)("p1", "p2", "p3", "p4", "p5", "p6", "p7");
      if (last === undefined) throw new Error(`${service}.${name} made no request`);
      recorded.set(`${service}.${name}`, last);
    }
  }
  return recorded;
}

/** A catalog path as a pattern: `{name}` stands for one segment. */
function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{[a-z_]+\}/g, "[^/]+")}$`);
}

describe("the route catalog", () => {
  it("knows every method of crisp-api's services, with the route it calls", async () => {
    const recorded = await recordCrispApi();
    const catalog = new Map<string, RouteEntry>(
      SERVICES.flatMap((service) =>
        Object.entries(ROUTE_CATALOG[service]).map(([name, entry]): [string, RouteEntry] => [
          `${service}.${name}`,
          entry,
        ]),
      ),
    );

    const unknown = [...recorded.keys()].filter((name) => !catalog.has(name));
    const gone = [...catalog.keys()].filter((name) => !recorded.has(name));
    const moved = [...recorded].filter(([name, { method, path }]) => {
      const entry = catalog.get(name);
      return entry !== undefined && !(entry[0] === method && pathPattern(entry[1]).test(path));
    });

    expect(unknown).toEqual([]);
    expect(gone).toEqual([]);
    expect(moved).toEqual([]);
    expect(recorded.size).toBeGreaterThan(200);
  });

  it("names only scopes of the scope catalog", () => {
    const named = SERVICES.flatMap((service) =>
      Object.values(ROUTE_CATALOG[service]).flatMap(([, , use]) => (typeof use === "object" ? [use.scope] : [])),
    );
    expect(named.filter((scope) => !SCOPE_NAMES.includes(scope))).toEqual([]);
  });

  it("reads with GET and HEAD, and writes with the other methods", () => {
    const wrong = SERVICES.flatMap((service) =>
      Object.entries(ROUTE_CATALOG[service]).filter(([, [method, , use]]) => {
        if (typeof use !== "object") return false;
        return (method === "GET" || method === "HEAD") !== (use.access === "read");
      }),
    );
    expect(wrong.map(([name]) => name)).toEqual([]);
  });
});

describe("the gateway's scope check", () => {
  const gateway = createCrispGateway({ identifier: "i", key: "k", restHost: "http://127.0.0.1:9" });
  const granted = new Set(["website:conversation:messages read"]);

  it("refuses, before any request, a method outside the granted scopes", async () => {
    const refused = gateway.api(granted).website.listWebsiteOperators("w1");
    await expect(refused).rejects.toBeInstanceOf(KitError);
    await expect(refused).rejects.toMatchObject({
      code: "SCOPE_NOT_GRANTED",
      message:
        "listWebsiteOperators needs scope website:operators with read access, which the manifest does not declare",
    });
  });

  it("refuses methods no plugin token may call, whatever the scopes", async () => {
    await expect(gateway.call("website", "listCampaigns", ["w1", 1])).rejects.toMatchObject({
      code: "SCOPE_NOT_GRANTED",
      message: "listCampaigns is not available to plugin tokens (user tier, or no plugin scope grants it)",
    });
  });

  it("runs a call named by service, method and arguments, as a worker would ask for it", async () => {
    await expect(gateway.call("website", "noSuchMethod", [])).rejects.toMatchObject({ code: "SCOPE_NOT_GRANTED" });
  });
});
