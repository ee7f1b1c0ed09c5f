/**
 * The two sockets of a fleet: the holder's, whose events the fleet runs, and the stand-by's, which
 * only listens, keeping the last seconds of events, and becomes the holder when the holder dies.
 */
export type SocketRole = "holder" | "standby";

/** A role as one process holds it: the process (not the replica name: a restart is a new process) and its fencing token. */
export interface SocketHold {
  readonly role: SocketRole;
  /** The process holding it: the replica's name and a random part, new at each start. */
  readonly owner: string;
  readonly fence: number;
}

/**
 * How replicas sharing a store (Redis) keep one RTM socket for the whole fleet: Crisp sends every
 * event to every socket, so exactly one replica (the holder) takes the socket's events into the
 * store, where any replica runs them. Each role is a lease in real time, expired by the store
 * itself (leadership is about time passing, not about the callers' clocks), renewed every few
 * seconds by its holder; each grant has a new fencing token, and the store refuses socket events
 * accepted under a holder lease that is no longer current.
 *
 * The holder also logs the identity of every socket event it accepted; the stand-by reads that log
 * to tell, when it takes over, which of the events it kept the holder never accepted.
 */
export interface SocketLeases {
  /** Takes the role for `owner` when nobody holds it; `undefined` when someone does (`owner` included). */
  acquire(role: SocketRole, owner: string, ttlMs: number): Promise<SocketHold | undefined>;
  /** Extends the hold for `ttlMs` more; false when it is not current any more (expired, taken). */
  renew(hold: SocketHold, ttlMs: number): Promise<boolean>;
  /** Gives the hold up at once; nothing happens when it is not current. */
  release(hold: SocketHold): Promise<void>;
  /** Who holds each role now, for /healthz (`owner` of each, or nothing). */
  holders(): Promise<Partial<Record<SocketRole, string>>>;
  /** Where the holder's log of accepted socket events ends now: a stand-by reads from there. */
  logEnd(): Promise<string>;
  /** The identities logged after `from` (oldest first, at most `count`), and where to read on. */
  readLog(from: string, count: number): Promise<{ readonly next: string; readonly identities: readonly string[] }>;
  /** Sends `message` to every replica listening (the sender included). */
  broadcast(message: string): Promise<void>;
  /** Calls `onMessage` with what replicas broadcast from now on; resolves with how to stop. */
  listen(onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

/**
 * A socket event accepted by the holder: checked against the holder lease and logged, in the same
 * write as the work it becomes.
 */
export interface SocketMark {
  readonly hold: SocketHold;
  /** What identifies the event in the holder's log (see `socketIdentity`). */
  readonly identity: string;
}
