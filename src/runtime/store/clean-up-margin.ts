/**
 * How long after the time a caller asked for a backend may forget an expired record (a de-duplication
 * key, a guard, a counter) in clean-up. The contract compares against the caller's `now`, so an
 * expired record is already invisible; the margin only keeps clean-up far from any clock skew between
 * replicas. Every backend measures it from the caller's `now` (Redis's expiry too: the time left,
 * plus the margin), so an injected clock far from the real one needs none.
 *
 * An hour: replicas' clocks differ by seconds. It was a day until 2026-12-03, which kept each
 * event's de-duplication key 25 hours instead of 2, in Redis's memory (where nothing may be
 * evicted) as in SQLite's table: at 10 events a second, 900,000 keys instead of 72,000.
 */
export const CLEAN_UP_MARGIN_MS = 60 * 60 * 1000;
