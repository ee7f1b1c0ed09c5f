import type { Histogram } from "prom-client";
import type { CrispRest } from "./crisp-rest.js";

/** A view of `rest` that records each call's latency and outcome in `histogram`. */
export function timeRest(rest: CrispRest, histogram: Histogram<"route" | "outcome">): CrispRest {
  const timed = {} as Record<string, unknown>;
  for (const route of Object.keys(rest) as (keyof CrispRest)[]) {
    const method = rest[route] as (...args: unknown[]) => Promise<unknown>;
    timed[route] = async (...args: unknown[]) => {
      const stop = histogram.startTimer({ route });
      try {
        const result = await method(...args);
        stop({ outcome: "ok" });
        return result;
      } catch (error) {
        stop({ outcome: "error" });
        throw error;
      }
    };
  }
  return timed as unknown as CrispRest;
}
