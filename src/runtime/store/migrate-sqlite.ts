import type { Database } from "better-sqlite3";
import { KitError } from "../../core/errors/kit-error.js";

/**
 * Each entry brings the schema from its index to the next version (`PRAGMA user_version`): a later
 * release appends an entry and never edits one, so an older file is migrated in place.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE items (
     id TEXT PRIMARY KEY,
     conversation TEXT NOT NULL,
     due_at INTEGER NOT NULL,
     cancel_on TEXT NOT NULL,
     payload TEXT NOT NULL,
     owner TEXT,
     lease_until INTEGER
   );
   CREATE INDEX items_due ON items (due_at, id) WHERE owner IS NULL;
   CREATE INDEX items_lease ON items (lease_until) WHERE owner IS NOT NULL;
   CREATE INDEX items_owner ON items (owner) WHERE owner IS NOT NULL;
   CREATE INDEX items_conversation ON items (conversation) WHERE owner IS NULL;
   CREATE TABLE steps (
     work_id TEXT NOT NULL,
     step_key TEXT NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (work_id, step_key)
   ) WITHOUT ROWID;
   CREATE TABLE dedupe (key TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;
   CREATE INDEX dedupe_until ON dedupe (until);
   CREATE TABLE guards (key TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER) WITHOUT ROWID;
   CREATE INDEX guards_until ON guards (until) WHERE until IS NOT NULL;
   CREATE TABLE counters (key TEXT PRIMARY KEY, value REAL NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
   CREATE INDEX counters_expiry ON counters (expires_at);
   CREATE TABLE dead_letters (id TEXT PRIMARY KEY, at INTEGER NOT NULL, letter TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX dead_letters_at ON dead_letters (at, id);`,
  // 2: how many times each item was started, for the poison-work quarantine.
  "ALTER TABLE items ADD COLUMN starts INTEGER NOT NULL DEFAULT 0;",
  // 3: one page fewer for every item accepted and completed. Only `claimOwned` looked items up by
  // owner, and it scans the lease index instead: it holds only the items taken and not finished.
  "DROP INDEX items_owner;",
];

/**
 * Brings the store file to the schema this version writes, in one transaction. Refuses a file
 * written by a newer version, whose schema this one does not know.
 */
export function migrateSqlite(db: Database, file: string): void {
  const migrate = db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new KitError(
        "CONFIGURATION_INVALID",
        `${file}: the store was written by a newer crisp-plugin-kit (schema ${version}, this version knows ${MIGRATIONS.length}): upgrade, or point CRISP_PLUGIN_STORE=sqlite:PATH to another file`,
      );
    }
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  migrate.immediate();
}
