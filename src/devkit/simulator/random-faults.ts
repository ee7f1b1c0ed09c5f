import { injectedAnswer } from "./failure-injector.js";
import type { RouteResult } from "./route-result.js";
import { seededRandom } from "./seeded-random.js";

/** Faults to spread at random over the calls, for tests of retry layers. */
export interface RandomFaultOptions {
  /** Share of calls answered with an error status, from 0 to 1. */
  readonly share: number;
  /**
   * The statuses to pick from, evenly; `[429, 500]` by default. A 420/429 drawn here is a passing
   * throttle: it carries `Retry-After: 0` (a 429 without it means a plugin's daily quota is spent,
   * which `dailyQuota` simulates).
   */
  readonly statuses?: readonly number[];
  /**
   * Of the 5xx answers, the share given after the call was carried out (a message stored, then a
   * 500): what "may have reached Crisp" means. 0.5 by default. Other statuses never carry it out.
   */
  readonly appliedShare?: number;
  /**
   * Share of calls carried out and then answered `timeoutDelayMs` late, after a client that
   * waits less has given up. 0 by default; `share + timeoutShare` must not exceed 1.
   */
  readonly timeoutShare?: number;
  /** How late a "timeout" answers; 11 s by default, past crisp-api's own 10 s. */
  readonly timeoutDelayMs?: number;
  /** Only calls to these routes (crisp-api method names, `sendMessageInConversation`); all by default. */
  readonly routes?: readonly string[];
  /**
   * The seed of the pseudo-random sequence: the same seed and the same order of calls give the
   * same faults (calls made concurrently may arrive in a different order). Random when left out.
   */
  readonly seed?: number;
}

/** A fault drawn for one call: refuse it, or carry it out and then answer late or wrongly. */
export type RandomFault =
  | { readonly when: "before"; readonly answer: RouteResult }
  | { readonly when: "after"; readonly answer?: RouteResult; readonly delayMs?: number };

type Settings = Required<Omit<RandomFaultOptions, "routes" | "seed">> & { readonly routes?: readonly string[] };

const DEFAULT_TIMEOUT_DELAY_MS = 11_000;

/** The random faults in force, if any; `draw` decides the fate of each call. */
export class RandomFaults {
  #settings: Settings | undefined;
  #random: () => number = Math.random;

  /** Starts (or restarts, with a fresh sequence) failing at random; throws on options out of range. */
  start(options: RandomFaultOptions): void {
    const settings: Settings = {
      share: options.share,
      statuses: [...(options.statuses ?? [429, 500])],
      appliedShare: options.appliedShare ?? 0.5,
      timeoutShare: options.timeoutShare ?? 0,
      timeoutDelayMs: options.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
      ...(options.routes === undefined ? {} : { routes: [...options.routes] }),
    };
    checkSettings(settings);
    this.#settings = settings;
    this.#random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** Stops failing at random. */
  stop(): void {
    this.#settings = undefined;
  }

  /** The fault for a call to `route`, or `undefined` for a call to answer normally. */
  draw(route: string): RandomFault | undefined {
    const settings = this.#settings;
    if (settings === undefined || (settings.routes !== undefined && !settings.routes.includes(route))) {
      return undefined;
    }
    const roll = this.#random();
    if (roll < settings.timeoutShare) return { when: "after", delayMs: settings.timeoutDelayMs };
    if (roll >= settings.timeoutShare + settings.share) return undefined;
    const status = settings.statuses[Math.floor(this.#random() * settings.statuses.length)] ?? 500;
    const throttled = status === 420 || status === 429 ? { retryAfterSeconds: 0 } : {};
    const answer = injectedAnswer({ status, ...throttled }) ?? { status, reason: "error", data: {} };
    const applied = status >= 500 && this.#random() < settings.appliedShare;
    return applied ? { when: "after", answer } : { when: "before", answer };
  }
}

/** What to answer once the route ran and gave `result`, under `fault` (drawn before it ran). */
export async function settleFault(
  fault: RandomFault | undefined,
  result: RouteResult,
  sleep: (ms: number) => Promise<void>,
): Promise<RouteResult> {
  if (fault === undefined || fault.when === "before") return result;
  if (fault.delayMs !== undefined) await sleep(fault.delayMs);
  return fault.answer ?? result;
}

function checkSettings(settings: Settings): void {
  for (const name of ["share", "appliedShare", "timeoutShare"] as const) {
    const value = settings[name];
    if (!(value >= 0 && value <= 1)) throw new RangeError(`failRandomly: ${name} must be from 0 to 1, got ${value}`);
  }
  if (settings.share + settings.timeoutShare > 1) {
    throw new RangeError("failRandomly: share + timeoutShare must not exceed 1");
  }
  if (settings.statuses.length === 0 || settings.statuses.some((status) => !(status >= 400 && status <= 599))) {
    throw new RangeError(
      `failRandomly: statuses must be HTTP error statuses (400-599), got [${settings.statuses.join(", ")}]`,
    );
  }
  if (!(Number.isSafeInteger(settings.timeoutDelayMs) && settings.timeoutDelayMs >= 0)) {
    throw new RangeError(`failRandomly: timeoutDelayMs must be an integer from 0, got ${settings.timeoutDelayMs}`);
  }
}
