import type { EventsMap } from "crisp-api";

/**
 * The payload of each Crisp RTM event, as crisp-api types it (`lib/events/Events.ts`): what a hook
 * whose rules listen to `message:send` finds in `ctx.data`. Re-exported here because only
 * `src/runtime/crisp/` imports crisp-api.
 */
export type CrispEventPayloads = EventsMap;
