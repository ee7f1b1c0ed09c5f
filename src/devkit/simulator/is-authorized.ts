import type { IncomingHttpHeaders } from "node:http";

/** The plugin token keypair the simulator accepts. */
export interface PluginCredentials {
  readonly identifier: string;
  readonly key: string;
}

/**
 * True when the request authenticates as the plugin: `X-Crisp-Tier: plugin` and
 * `Authorization: Basic base64(identifier:key)`. A keypair is looked up within its tier, so plugin
 * credentials sent with another tier are unknown credentials, hence the same 401.
 */
export function isAuthorized(headers: IncomingHttpHeaders, credentials: PluginCredentials): boolean {
  if (headers["x-crisp-tier"] !== "plugin") return false;
  const token = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  if (token === undefined) return false;
  return Buffer.from(token, "base64").toString("utf8") === `${credentials.identifier}:${credentials.key}`;
}
