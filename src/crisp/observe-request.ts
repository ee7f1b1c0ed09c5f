import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one crisp-api call should do beyond what the library does, and what it saw. crisp-api 11
 * builds its rejections from the status and body only, so the response headers (`Retry-After`)
 * are lost; and it aborts every request after a fixed 10 s.
 */
export interface RequestObservation {
  /** Aborts the request after this long, on top of crisp-api's own 10 s; left out: crisp-api's. */
  readonly timeoutMs?: number;
  /** The `Retry-After` header of the last response, as sent (seconds or an HTTP date). */
  retryAfter?: string;
}

const current = new AsyncLocalStorage<RequestObservation>();
let installed = false;

/**
 * Runs `run` (one crisp-api call) so that the requests it makes are observed: their `Retry-After`
 * header lands in `observation.retryAfter`, and `observation.timeoutMs` bounds them.
 *
 * crisp-api takes no custom `fetch`: it calls the global one. So the first call installs, once, a
 * global `fetch` that behaves exactly like the one it replaces unless it runs inside `run` (found
 * through AsyncLocalStorage, which follows crisp-api's promise chain); other code in the process is
 * not affected. If something replaces the global `fetch` later, calls simply are not observed
 * (no `Retry-After`, so backoff only).
 */
export function observeRequest<T>(observation: RequestObservation, run: () => Promise<T>): Promise<T> {
  installObserver();
  return current.run(observation, run);
}

function installObserver(): void {
  if (installed) return;
  installed = true;
  const inner = globalThis.fetch;
  globalThis.fetch = async function observedFetch(input, init) {
    const observation = current.getStore();
    if (observation === undefined) return inner(input, init);
    const response = await inner(input, withTimeout(init, observation.timeoutMs));
    const retryAfter = response.headers.get("retry-after");
    if (retryAfter === null) delete observation.retryAfter;
    else observation.retryAfter = retryAfter;
    return response;
  };
}

function withTimeout(init: RequestInit | undefined, timeoutMs: number | undefined): RequestInit | undefined {
  if (timeoutMs === undefined) return init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return { ...init, signal };
}
