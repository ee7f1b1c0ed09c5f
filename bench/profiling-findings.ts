/**
 * What `node --cpu-prof` found on the end-to-end and start-up benchmarks, for BENCHMARKS.md. Written
 * by hand from profiles (`npm run bench -- --profile` prints the end-to-end children's; summarise any
 * profile with `node --import tsx bench/profile-summary.ts <file>`), so update it with them.
 */
export const PROFILING_FINDINGS = `### What profiling found

Profiles of the plugin children over one end-to-end round (1,500 steady and 3,000 burst events
each), taken on 2026-11-30 at commit 478651c; percentages are of each child's busy (not idle) CPU
time. Over the same events the runtime was busy 1.31 times as long as the hand-written plugin with
the memory store, and 1.34 times with SQLite (module loading and start-up included: the runtime
loads far more code).

Fixed in this change (in the files of the benchmark's owner):

- **Start-up: settings validated once per distinct value.** \`WebsiteRegistry.upsert\` copied
  (\`structuredClone\`) and validated (ajv, defaults filled in) every website's settings: 100,000
  copies of nearly the same object. \`src/runtime/websites/intern-settings.ts\` validates each distinct
  settings value once and lets websites with equal settings share the frozen result. With 100,000
  websites, the runtime's CPU beyond paging went from 1.6 s to 0.75 s, the heap it keeps from 79 MB
  to 51 MB, and its peak from 256 MB to 234 MB (profiled runs, SQLite store).
- **Simulator: paging in constant time per page.** \`listAllConnectWebsites\` filtered every website
  for each page (5,000 pages of 20 for 100,000 websites: quadratic); the simulator now keeps the list
  of subscribed websites until one is installed or uninstalled, and a page is a slice of it.

Found and fixed meanwhile by the store's owner: an earlier profile (before 478651c) had the quota
counter as the largest cost of the SQLite runtime, two SQLite transactions per REST call
(\`QuotaBudget.record\`, 9 % of busy time); the budget now counts in memory and writes once a second.

Found, not fixed here (the files belong to work in progress elsewhere), by cost:

1. **SQLite writes per event** (\`CRISP_PLUGIN_STORE=sqlite\`, the default): everything under \`settle\`
   (\`src/runtime/store/settle.ts\`) is 12 % of busy time: \`accept\` 4.5 %, \`setStep\` 3.4 %, \`complete\`
   2.5 % (\`src/runtime/store/sqlite-store.ts\`; nearly all of it better-sqlite3 and the statements). This is
   what keeps the SQLite runtime under the throughput target. Suggested: write an event's \`accept\`,
   its step records and its \`complete\` in fewer transactions (an event whose steps are all safe to
   repeat needs no step records; \`complete\` of a short event can ride on the next \`accept\`, batched
   every few milliseconds), or commit on a short timer rather than per call.
2. **\`AsyncLocalStorage\` around every crisp-api call** (\`observeRequest\`, \`src/runtime/crisp/observe-request.ts\`):
   on Node 20 it turns on async hooks for every promise of the process (\`node:internal/async_hooks\`
   and \`node:async_hooks\`: 3.8 % of busy time, nothing in the hand-written plugin), and \`withTimeout\`
   adds an \`AbortSignal.timeout\` and an \`AbortSignal.any\` to each request on top of crisp-api's own
   (\`abort_controller\` and timers: about 0.8 % more). Suggested: give the \`Crisp\` client of
   \`createCrispRest\` its own request function (crisp-api 11 sends every call through the instance's
   \`__request\`, so overriding it on that one instance is enough) that takes the timeout and reads
   \`Retry-After\` itself, and drop the global \`fetch\` wrapper and \`AsyncLocalStorage\`.
3. **Per-event bookkeeping**: the decision log (\`logDecision\` and the logger: 2.5 %, one
   \`JSON.stringify\` and a synchronous write per rule that ran), the quota budget's \`check\` and
   \`record\` (1.4 %), Prometheus counters and the REST timer (\`prom-client\`: 1 %), the memory store
   (0.9 %). Each is small; together they are most of what is left with the memory store.
4. **Burst latency is queueing, by design**: the runtime handles 32 conversations at a time (the
   \`concurrency\` option of \`startRuntime\`, which \`crisp-plugin run\` does not expose), the hand-written
   plugin every event at once, so in a burst the runtime's events wait in its queue (burst p50 about
   twice the hand-written plugin's) while it gets through the burst at nearly the same rate. An
   experiment with 256 instead of 32 did not raise throughput on this machine; exposing the limit
   (say \`CRISP_PLUGIN_CONCURRENCY\`) would let a plugin with bursty traffic choose.
5. **The memory store's sweep** (\`sweep\` in \`src/runtime/store/memory-store.ts\`): every 256 writes it walks
   every de-duplication key, and keys live an hour plus the 24-hour clean-up margin: at 50 events a
   second that is millions of keys after a day, walked every few seconds. Not visible in a
   benchmark of minutes; suggested: expire keys from a queue ordered by expiry instead of a full walk.

The engine itself (\`handleEvent\` with conditions and templates: 5 % of busy time, of which the
\`time\` condition's \`formatToParts\` is 0.9 %, as in the hand-written plugin) is not where the
end-to-end difference is; the offline benchmark above measures it alone.
`;
