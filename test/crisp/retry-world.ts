import {
  createCrispGateway,
  type CrispGateway,
  type CrispGatewayOptions,
  type RestAttempt,
  type RestRetry,
  type RetryOptions,
} from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { ScopeGrant } from "../../src/devkit/simulator/is-scope-granted.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";

export const WEBSITE = "website-1";
export const SESSION = "session_retry";
export const URN = "urn:test:retries:0";

/** A simulator, the gateway on it (real crisp-api route builders), and what its retries did. */
export interface RetryWorld {
  readonly sim: CrispSimulator;
  readonly gateway: CrispGateway;
  readonly rest: CrispRest;
  /** Every wait asked for, in ms; nothing really waits. */
  readonly sleeps: number[];
  readonly attempts: RestAttempt[];
  readonly retries: RestRetry[];
}

/** Starts the world; `random` defaults to 0.5 so that each wait is half its backoff ceiling. */
export async function startRetryWorld(
  options: {
    retry?: RetryOptions;
    client?: Partial<CrispGatewayOptions>;
    scopes?: readonly ScopeGrant[];
    /** The manifest's scopes (`"<scope> <access>"`) the calls are limited to; none by default. */
    granted?: ReadonlySet<string>;
  } = {},
): Promise<RetryWorld> {
  const sim = await startCrispSimulator({
    websites: [{ website_id: WEBSITE, token: "t" }],
    pluginUrn: URN,
    ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
  });
  sim.createConversation(WEBSITE, { session_id: SESSION });
  const sleeps: number[] = [];
  const attempts: RestAttempt[] = [];
  const retries: RestRetry[] = [];
  const gateway = createCrispGateway({
    ...sim.credentials,
    restHost: sim.url,
    ...options.client,
    retry: {
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      onAttempt: (attempt) => {
        attempts.push(attempt);
      },
      onRetry: (retry) => {
        retries.push(retry);
      },
      ...options.retry,
    },
  });
  const rest = createCrispRest(gateway, options.granted);
  return { sim, gateway, rest, sleeps, attempts, retries };
}

/** A text from the plugin, marked with `fingerprint` when given. */
export function pluginText(content: string, fingerprint?: number) {
  return {
    type: "text" as const,
    from: "operator" as const,
    origin: URN,
    content,
    ...(fingerprint === undefined ? {} : { fingerprint }),
  };
}

/** How many messages of the conversation carry `fingerprint`. */
export function copiesOf(sim: CrispSimulator, fingerprint: number, sessionId = SESSION): number {
  const messages = sim.conversation(WEBSITE, sessionId)?.messages ?? [];
  return messages.filter((message) => message.fingerprint === fingerprint).length;
}

/** The rejection of `promise`, which must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a resolution");
}
