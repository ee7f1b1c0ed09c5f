import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, type Dispatcher } from "undici";
import { KitError } from "../errors/kit-error.js";
import { isPublicAddress } from "./is-public-address.js";

/** Names that may resolve to this machine because listing them in `http.allow` says so. */
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(["localhost"]);

/**
 * The connection pool of the `http` action. Its DNS lookup refuses a name that resolves to a
 * loopback, link-local or private address (`HOST_NOT_ALLOWED`), and the address it checked is the
 * one the socket connects to: the check cannot be raced by a second DNS answer (rebinding). IP
 * literals never reach the lookup: they were matched exactly against `http.allow`, which is how a
 * manifest opts into a private address (`127.0.0.1:8080`, `10.0.0.5`); so is `localhost`.
 */
export function createOutboundDispatcher(options: OutboundDispatcherOptions = {}): Dispatcher {
  return new Agent({ connect: { lookup: guardLookup(options.resolve ?? resolveAll) } });
}

/** Options of {@link createOutboundDispatcher}. */
export interface OutboundDispatcherOptions {
  /** Resolves a name to all its addresses; the system resolver (`dns.lookup`) by default. */
  readonly resolve?: (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;
}

function resolveAll(hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void): void {
  dnsLookup(hostname, { all: true }, callback);
}

const guardLookup =
  (resolve: NonNullable<OutboundDispatcherOptions["resolve"]>): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      const refused = LOOPBACK_NAMES.has(hostname.toLowerCase())
        ? undefined
        : addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused !== undefined) {
        const message = `http: ${hostname} resolves to ${refused.address}, a loopback, link-local or private address; list the address itself in http.allow to reach it`;
        callback(new KitError("HOST_NOT_ALLOWED", message), "", 0);
        return;
      }
      if (options.all === true) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        return;
      }
      const [first] = addresses;
      if (first === undefined) {
        callback(Object.assign(new Error(`http: ${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
