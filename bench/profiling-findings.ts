/**
 * What `node --cpu-prof` found on the end-to-end and start-up benchmarks, for BENCHMARKS.md. Written
 * by hand from profiles (`npm run bench -- --profile` prints the end-to-end children's; summarise any
 * profile with `node --import tsx bench/profile-summary.ts <file>`), so update it with them.
 */
export const PROFILING_FINDINGS = `### What profiling found

Profiles of the plugin children over one end-to-end round of the one-rule workload (1,500 steady and
3,000 burst events each), taken on 2026-12-03 at commit a70794b with
\`node --import tsx bench/end-to-end-only.ts --workloads=one-rule --rounds=1 --profile\`
(\`REDIS_URL\` set); percentages are of each child's busy (not idle) CPU time, start-up included.
Over the same events the hand-written plugin was busy 7.7 s; the runtime 5.0 s with the memory
store (0.65x), 6.6 s with SQLite (0.86x) and 8.6 s with Redis (1.12x).

Fixed since the previous profile (issue "Durable at full speed"):

- **Crisp's REST calls through undici's \`request\`, not \`fetch\`** (\`src/runtime/crisp/request-crisp.ts\`).
  crisp-api, and so the hand-written plugin, calls the global \`fetch\`: Node's bundled undici is
  28 % of its busy time, its WHATWG streams 7.6 %, and each request's \`AbortSignal.timeout\` about
  3.4 % more (\`makeTransferable\`, \`DOMException\`). The runtime's undici is 12.8 % (memory store),
  with one timer and \`AbortController\` per request for the same deadline.
- **Fewer store writes per event.** A step's \`done\` record is dropped when the work finishes in
  the same turn (\`complete\` forgets it in that write); on Redis the acceptance counts the start
  when it hands the event to the replica, and a step's \`started\` record is not waited for while
  the hold was confirmed moments ago, so an event makes one round trip to Redis before its REST call
  instead of three; the SQLite schema lost an index only one start-up query used (10 pages to the
  log per event instead of 12).
- **The memory store's clean-up** visits only the keys whose time passed, filed by minute
  (\`src/runtime/store/expiry-buckets.ts\`), not every key every 256 writes.

What remains, by cost:

1. **SQLite writes** (\`CRISP_PLUGIN_STORE=sqlite\`, the default): better-sqlite3 14.7 % of busy time
   (its transaction, that is the commit) and the statements in \`sqlite-store.ts\` 6.2 %; everything
   under \`group-commit.ts\` 21.3 %. Events that come one at a time get three commits each: the
   acceptance with its start count (before the REST call), the step's \`started\` record, and
   \`complete\`. The \`started\` record is what names the step a process died in when the work is
   quarantined; the others are the durability promise. Suggested next: fewer pages per commit (the
   \`items\` table's primary-key index is a page of its own on every accept and complete).
2. **Redis socket writes**: \`writeUtf8String\` is 21.9 % of the Redis runtime's busy time, the
   largest single item: every command written to the Redis socket is a system call that wakes
   \`redis-server\` on this two-core virtual machine, and an event makes three (accept, the step's
   \`started\` record, finish). The accept's round trip is on every event's way to its REST call,
   which is what keeps the Redis runtime's steady p99 above the hand-written plugin's.
3. **Start-up, not per event**: \`loadManifest\` and Ajv compiling the manifest's schema are 4-6 % of
   busy time over a round of about ten seconds.
4. **Per-event bookkeeping**: the log lines (\`buffer-lines.ts\`, 2.8 % including the write), the
   Prometheus counters (\`prom-client\`, 1-2 %), the quota budget (about 1 %), the message
   fingerprint's hash (about 1 %). Garbage collection is 5-8 % of the runtime's busy time, 14.5 % of
   the hand-written plugin's.

The engine itself (\`handleEvent\`, \`runStep\`: about 5 % of busy time) is not where the end-to-end
difference is.
`;
