import type { Metrics } from "../observability/create-metrics.js";
import type { RunnerEvents } from "../run/create-conversation-runner.js";
import type { SocketPart } from "./start-socket-fleet.js";

/** Counts work lease renewals, and those that found the work taken over, in /metrics. */
export function countLeaseRenewals(metrics: Metrics): RunnerEvents {
  return {
    onRenewed: (renewed, lost) => {
      metrics.leaseRenewals.inc({ outcome: "renewed" }, renewed);
      metrics.leaseRenewals.inc({ outcome: "lost" }, lost);
    },
  };
}

/** Shows this replica's part in the fleet's socket, and counts its changes, in /metrics. */
export function countSocketParts(metrics: Metrics): (part: SocketPart) => void {
  return (part) => {
    for (const each of ["holder", "standby", "none"] as const) {
      metrics.socketPart.set({ part: each }, each === part ? 1 : 0);
    }
    metrics.socketChanges.inc({ part });
  };
}
