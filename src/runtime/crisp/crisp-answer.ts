/**
 * What Crisp answered when it did not answer with data: an HTTP error with its envelope's
 * `reason`, or no answer at all (`status` 0: network failure, timeout, a body that is not JSON).
 * Only `requestCrisp` creates it, and only the gateway reads it: it becomes a `KitError`
 * `CRISP_REQUEST_FAILED` there, named after the crisp-api method that was called. Anything else
 * thrown on the way (a `TypeError` in our code, a store error) is not a `CrispAnswer`, so it is
 * never mistaken for, nor retried as, a Crisp failure.
 */
export class CrispAnswer extends Error {
  override readonly name = "CrispAnswer";

  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** Crisp's `reason` (`not_subscribed`...), `http_error` without one, or why no answer came. */
    readonly reason: string,
    /** The `Retry-After` header as sent (seconds or an HTTP date), when there was one. */
    readonly retryAfter: string | undefined,
  ) {
    super(status === 0 ? `could not reach Crisp: ${reason}` : `Crisp answered ${status} ${reason}`);
  }
}
