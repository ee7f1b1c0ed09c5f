/**
 * What `node --cpu-prof` found on the end-to-end and start-up benchmarks, for BENCHMARKS.md. Written
 * by hand from profiles (`npm run bench -- --profile` prints the end-to-end children's; summarise any
 * profile with `node --import tsx bench/profile-summary.ts <file>`), so update it with them.
 */
export const PROFILING_FINDINGS = `### What profiling found

Profiles of the plugin children over one end-to-end round of the one-rule workload (1,500 steady and
3,000 burst events each), taken on 2026-12-03 at commit 466bb4e with
\`node --import tsx bench/end-to-end-only.ts --workloads=one-rule --rounds=1 --profile\`
(\`REDIS_URL\` set); percentages are of each child's busy (not idle) CPU time, start-up included.
Over the same events the hand-written plugin was busy 6.9 s; the runtime 6.2 s with the memory
store (0.90x), 6.5 s with SQLite (0.93x) and 8.6 s with Redis (1.25x). One profiled round is noisy:
at 654d35c the same command gave 7.3, 5.4, 6.4 and 7.4 s, and in this round the Redis runtime's
steady CPU per event was 1.00x the hand-written plugin's.

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

1. **Redis socket writes**: \`writeUtf8String\` is 11.1 % of the Redis runtime's busy time and
   \`writev\` 4.2 % (17.7 % and 21.9 % for the first in earlier profiles): every command written to
   the Redis socket is a system call that wakes \`redis-server\` on this two-core virtual machine.
   \`accept\` and \`finish\` of \`redis-shared-work.ts\` are 8.0 % and 9.3 % in total, ioredis 5.8 %.
   The accept's round trip is on every event's way to its REST call: 0.105 ms at the median and
   0.33 ms at p99 on an idle machine (3,000 in a row), about 0.4 ms more at the median under this
   benchmark, and 0.9-1.1 ms (4.5-5 ms at p99) when the four plugins took each event at the same
   instant (traced at 6da34f2). Its tail is the machine's: Redis's own \`LATENCY HISTORY\`
   (\`latency-monitor-threshold 1\`) over a two-round support-desk run showed the append-only file's
   write stalling 1-5 ms in about one second in four (\`appendfsync everysec\` syncing it to this
   virtual disk), and every acceptance waiting then waits as long. Acting before the store says the
   event is new and this replica holds its conversation would break the durability and ordering
   promises.
2. **SQLite writes** (\`CRISP_PLUGIN_STORE=sqlite\`, the default): better-sqlite3 8.5 % of busy time
   (its transaction, that is the commit) and \`sqlite-store.ts\` 5.2 %; everything under
   \`group-commit.ts\` 14.1 % (17.7 % and 21.3 % in earlier profiles). Suggested next: fewer pages
   per commit (the \`items\` table's primary-key index is a page of its own on every accept and
   complete).
3. **Start-up, not per event**: \`loadManifest\` is about 4 % of busy time over a round of about ten
   seconds.
4. **Per-event bookkeeping**: the Prometheus counters (\`prom-client\`, 1.3-1.6 %), the quota budget
   (about 1.4 %), the message fingerprint's hash (about 1 %). Garbage collection is 5-8 % of the
   runtime's busy time, 12.8 % of the hand-written plugin's, whose Node-bundled undici (\`fetch\`) is
   29.5 %.

The engine itself (\`handleEvent\`, \`runStep\`: 4-6 % of busy time) is not where the end-to-end
difference is.
`;
