/**
 * How long a test waits for a signal it needs (a line, an event, a call, an exit) before it fails.
 * The signal normally comes within milliseconds; the bound only decides how late a failure is
 * reported, so it is set for a loaded 2-core machine, where a process start or a burst can take
 * seconds, not for a quiet laptop.
 */
export const WAIT_MS = 30_000;
