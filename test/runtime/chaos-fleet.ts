import type { FleetOptions, Replica } from "./replica-fleet.js";
import { startReplica } from "./replica-fleet.js";
import { get, type TestWorld } from "./runtime-harness.js";

/** A socket holder change seen by the fleet's /healthz: which replica took over, and how long no replica held it. */
export interface Failover {
  readonly to: string;
  /** From the holder's kill (or the last time a holder was seen) to the first /healthz of the new holder. */
  readonly gapMs: number;
}

/**
 * Three (or more) replicas that the chaos test kills and restarts: each slot keeps its name
 * (`CRISP_PLUGIN_INSTANCE`) across restarts, as a StatefulSet would. Over WebSockets, `watch()`
 * follows which replica holds the socket through /healthz.
 */
export class ChaosFleet {
  readonly #world: TestWorld;
  readonly #options: FleetOptions;
  readonly #slots: (Replica | undefined)[];
  readonly failovers: Failover[] = [];
  kills = 0;
  /** Each kill: the replica's name and when (ms since the epoch), to tell what a failure follows. */
  readonly killLog: { name: string; at: number }[] = [];
  #holder: string | undefined;
  #holderLostAt: number | undefined;
  #watching: NodeJS.Timeout | undefined;

  constructor(world: TestWorld, options: FleetOptions, size: number) {
    this.#world = world;
    this.#options = options;
    this.#slots = Array.from({ length: size }, () => undefined);
  }

  /** Starts every replica. */
  async start(): Promise<void> {
    for (let index = 0; index < this.#slots.length; index += 1) await this.#startSlot(index);
  }

  /** The replicas running now. */
  running(): Replica[] {
    return this.#slots.filter((replica): replica is Replica => replica !== undefined);
  }

  /** The replica holding the socket, as last seen by `watch()`. */
  get holder(): string | undefined {
    return this.#holder;
  }

  /**
   * SIGKILLs a random replica (or the one named `name`), then starts it again under the same name;
   * resolves once it answers.
   */
  async killOne(random: () => number, name?: string): Promise<string> {
    const named = this.#slots.findIndex((replica) => replica !== undefined && replica.name === name);
    const index = named === -1 ? Math.floor(random() * this.#slots.length) : named;
    const replica = this.#slots[index];
    if (replica === undefined) return "none";
    this.#slots[index] = undefined;
    this.kills += 1;
    this.killLog.push({ name: replica.name, at: Date.now() });
    if (replica.name === this.#holder) {
      this.#holder = undefined;
      this.#holderLostAt = performance.now();
    }
    await replica.process.kill();
    await this.#startSlot(index);
    return replica.name;
  }

  /** Follows the socket's holder every `everyMs`, recording each failover. */
  watch(everyMs = 250): void {
    const look = async (): Promise<void> => {
      for (const replica of this.running()) {
        const health = await get(replica.port, "/healthz").catch(() => undefined);
        if (health?.status !== 200) continue;
        const part = (JSON.parse(health.body) as { socket?: string }).socket;
        if (part !== "holder" || replica.name === this.#holder) continue;
        if (this.#holder !== undefined || this.#holderLostAt !== undefined) {
          this.failovers.push({
            to: replica.name,
            gapMs: performance.now() - (this.#holderLostAt ?? performance.now()),
          });
        }
        this.#holder = replica.name;
        this.#holderLostAt = undefined;
      }
    };
    let busy = false;
    this.#watching = setInterval(() => {
      if (busy) return;
      busy = true;
      void look().finally(() => {
        busy = false;
      });
    }, everyMs);
  }

  stopWatching(): void {
    clearInterval(this.#watching);
  }

  /** The replica named `name` now, if it runs. */
  byName(name: string): Replica | undefined {
    return this.running().find((replica) => replica.name === name);
  }

  /** Starts a slot's replica; one whose start fails (Crisp in a storm) is started again, as a process manager would. */
  async #startSlot(index: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.#slots[index] = await startReplica(this.#world, this.#options, `replica-${index}`);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  }
}
