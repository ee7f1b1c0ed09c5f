import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The runtime's Prometheus metrics, on a registry of its own (several runtimes may share a process). */
export interface Metrics {
  readonly registry: Registry;
  readonly eventsReceived: Counter<"event" | "outcome">;
  readonly rulesFired: Counter<"rule">;
  readonly actions: Counter<"action" | "outcome">;
  readonly restDuration: Histogram<"route" | "outcome">;
  readonly websites: Gauge<"state">;
  readonly reloads: Counter<"outcome">;
  readonly quotaPausedUntil: Gauge;
  /** Replicas: this replica's part in the fleet's RTM socket (1 for the part it has). */
  readonly socketPart: Gauge<"part">;
  /** Replicas: changes of this replica's part in the fleet's socket (taking it over, standing by, stepping down). */
  readonly socketChanges: Counter<"part">;
  /** Replicas: work lease renewals, by outcome (renewed, lost). */
  readonly leaseRenewals: Counter<"outcome">;
  /** Work held here now: conversations on a store replicas share, items otherwise. */
  readonly workHeld: Gauge;
}

/** Creates the metrics, with Node's default process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "crisp_plugin_" });
  return {
    registry,
    eventsReceived: new Counter({
      name: "crisp_plugin_events_received_total",
      help: "RTM events received, by name and what became of them (handled, ignored, duplicate).",
      labelNames: ["event", "outcome"],
      registers: [registry],
    }),
    rulesFired: new Counter({
      name: "crisp_plugin_rules_fired_total",
      help: "Rules whose conditions held and whose steps ran.",
      labelNames: ["rule"],
      registers: [registry],
    }),
    actions: new Counter({
      name: "crisp_plugin_actions_total",
      help: "Steps run, by action and outcome (done, failed, skipped, recorded).",
      labelNames: ["action", "outcome"],
      registers: [registry],
    }),
    restDuration: new Histogram({
      name: "crisp_plugin_rest_duration_seconds",
      help: "Crisp REST call latency.",
      labelNames: ["route", "outcome"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    websites: new Gauge({
      name: "crisp_plugin_websites",
      help: "Subscribed websites, by whether their settings are valid.",
      labelNames: ["state"],
      registers: [registry],
    }),
    reloads: new Counter({
      name: "crisp_plugin_reloads_total",
      help: "Manifest reloads, by outcome.",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    socketPart: new Gauge({
      name: "crisp_plugin_socket_part",
      help: "This replica's part in the fleet's RTM socket: 1 for holder, standby or none, whichever it has.",
      labelNames: ["part"],
      registers: [registry],
    }),
    socketChanges: new Counter({
      name: "crisp_plugin_socket_changes_total",
      help: "Times this replica's part in the fleet's RTM socket changed, by the part it took (holder: a leadership change).",
      labelNames: ["part"],
      registers: [registry],
    }),
    leaseRenewals: new Counter({
      name: "crisp_plugin_lease_renewals_total",
      help: "Work leases renewed while their work ran, by outcome (renewed, lost: another replica took the work over).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    workHeld: new Gauge({
      name: "crisp_plugin_work_held",
      help: "Work this replica holds now: conversations on a store replicas share (Redis), items otherwise.",
      registers: [registry],
    }),
    quotaPausedUntil: new Gauge({
      name: "crisp_plugin_quota_paused_until_seconds",
      help: "While Crisp's daily quota is spent (a 429/420): when it resets, in seconds since the epoch; 0 otherwise.",
      registers: [registry],
    }),
  };
}
