/**
 * How long after the time a caller asked for a backend may forget an expired record (a de-duplication
 * key, a guard, a counter) in clean-up. The contract compares against the caller's `now`, so an
 * expired record is already invisible; the margin only keeps clean-up far from any clock skew between
 * replicas, or between an injected clock and the real one.
 */
export const CLEAN_UP_MARGIN_MS = 24 * 60 * 60 * 1000;
