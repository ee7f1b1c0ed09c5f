/**
 * What `node --cpu-prof` found on the end-to-end and start-up benchmarks, for BENCHMARKS.md. Written
 * by hand from profiles (`npm run bench -- --profile` prints the end-to-end children's; summarise any
 * profile with `node --import tsx bench/profile-summary.ts <file>`), so update it with them.
 */
export const PROFILING_FINDINGS = `### What profiling found

Profiles of the plugin children over one end-to-end round of the one-rule workload (1,500 steady and
3,000 burst events each), taken on 2026-12-03 at commit 654d35c with
\`node --import tsx bench/end-to-end-only.ts --workloads=one-rule --rounds=1 --profile\`
(\`REDIS_URL\` set); percentages are of each child's busy (not idle) CPU time, start-up included.
Over the same events the hand-written plugin was busy 7.3 s; the runtime 5.4 s with the memory
store (0.75x), 6.4 s with SQLite (0.87x) and 7.4 s with Redis (1.01x; 8.6 s against 7.7 s in the
profile before these changes).

Fixed since the previous profile (issue "Durable at full speed"):

- **Crisp's REST calls through undici's \`request\`, not \`fetch\`** (\`src/runtime/crisp/request-crisp.ts\`).
  crisp-api, and so the hand-written plugin, calls the global \`fetch\`: Node's bundled undici is
  29 % of its busy time, its WHATWG streams 6.7 %, and each request's \`AbortSignal.timeout\` a few
  % more (\`makeTransferable\`, \`DOMException\`, \`createAbortSignal\`). The runtime's undici is
  9-15 %, with one timer and \`AbortController\` per request for the same deadline.
- **Fewer store writes per event.** A step's \`done\` record is dropped when the work finishes in
  the same turn (\`complete\` forgets it in that write); a step's \`started\` record is not written
  on a work item's first start (the start count, written with the acceptance, already says its steps
  may have run); on Redis the acceptance counts the start when it hands the event to the replica. A
  lone event now costs two SQLite commits (acceptance with its start count; \`complete\`) and two
  Redis scripts (accept; finish), one round trip of them before its REST call.
- **Redis without ioredis's auto-pipelining**, and leaner scripts: the client's CPU per event's two
  scripts fell from about 185 to 76 µs one at a time (\`bench/redis-client-cost.ts\`).
- The SQLite schema lost an index only one start-up query used (10 pages to the log per event
  instead of 12); the memory store's clean-up visits only the keys whose time passed.

What remains, by cost:

1. **Redis socket writes**: \`writeUtf8String\` is 17.7 % of the Redis runtime's busy time (21.9 %
   before), the largest single item: every command written to the Redis socket is a system call that
   wakes \`redis-server\` on this two-core virtual machine. \`accept\` and \`finish\` of
   \`redis-shared-work.ts\` are 11.3 % and 10.6 % in total. The accept's round trip is on every
   event's way to its REST call: traced at 6da34f2 (timestamps added, not committed, at the
   dispatcher and the HTTP call),
   it took 0.9-1.1 ms at the median and 4.5-5 ms at p99 while the four plugins took each event at
   once, against 0.03 ms for the memory store's. That is what keeps the Redis runtime's steady p99
   near 1.2x the hand-written plugin's; acting before the store says the event is new and this replica
   holds its conversation would break the durability and ordering promises.
2. **SQLite writes** (\`CRISP_PLUGIN_STORE=sqlite\`, the default): better-sqlite3 12.5 % of busy time
   (its transaction, that is the commit) and \`sqlite-store.ts\` 4.7 %; everything under
   \`group-commit.ts\` 17.7 % (21.3 % before). Suggested next: fewer pages per commit (the \`items\`
   table's primary-key index is a page of its own on every accept and complete).
3. **Start-up, not per event**: \`loadManifest\` and Ajv compiling the manifest's schema are about 4 %
   of busy time over a round of about ten seconds.
4. **Per-event bookkeeping**: the log lines (\`buffer-lines.ts\`, 2.6-2.8 % including the write), the
   Prometheus counters (\`prom-client\`, 1-2 %), the quota budget (about 1 %), the message
   fingerprint's hash (about 1 %). Garbage collection is 5-8 % of the runtime's busy time, 13.8 % of
   the hand-written plugin's.

The engine itself (\`handleEvent\`, \`runStep\`: about 5 % of busy time) is not where the end-to-end
difference is.
`;
