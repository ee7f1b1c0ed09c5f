import { Crisp } from "crisp-api";
import type { CrispRequest } from "./request-crisp.js";

/**
 * crisp-api's client with its HTTP replaced: every resource method of crisp-api 11 builds its URL
 * and calls one of the six public methods below, which call `request` instead of crisp-api's own
 * (which uses the global `fetch`, a fixed timeout, and drops the response headers). So crisp-api's
 * route builders and types stay, and the gateway owns the requests.
 */
export class GatewayClient extends Crisp {
  constructor(
    private readonly request: CrispRequest,
    restHost: string | undefined,
  ) {
    super();
    this.setTier("plugin");
    if (restHost !== undefined) this.setRestHost(restHost);
  }

  override head(resource: string, query?: object | null): Promise<unknown> {
    return this.request("HEAD", resource, query, null);
  }

  override get(resource: string, query?: object): Promise<unknown> {
    return this.request("GET", resource, query, null);
  }

  override post(resource: string, query: object | null, body: object | null): Promise<unknown> {
    return this.request("POST", resource, query, body ?? {});
  }

  override patch(resource: string, query: object | null, body: object | null): Promise<unknown> {
    return this.request("PATCH", resource, query, body ?? {});
  }

  override put(resource: string, query: object | null, body: object | null): Promise<unknown> {
    return this.request("PUT", resource, query, body ?? {});
  }

  override delete(resource: string, query?: object | null, body?: object | null): Promise<unknown> {
    return this.request("DELETE", resource, query, body ?? null);
  }
}
