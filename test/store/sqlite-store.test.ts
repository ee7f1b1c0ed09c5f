import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";
import { storeContract } from "./store-contract.js";

storeContract(
  "sqlite",
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "crisp-sqlite-store-"));
    const file = join(dir, "nested", "store.db");
    return {
      store: openSqliteStore(file),
      openAgain: () => Promise.resolve(openSqliteStore(file)),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { durable: true },
);
