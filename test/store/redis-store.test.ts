import { randomUUID } from "node:crypto";
import { describe } from "vitest";
import { openRedisStore } from "../../src/runtime/store/redis-store.js";
import { skipRedis, useRedisServer } from "../support/redis-server.js";
import { storeContract } from "./store-contract.js";

describe.skipIf(skipRedis)("redis", () => {
  const redisUrl = useRedisServer();
  storeContract(
    "redis",
    async () => {
      const prefix = `crisp-plugin-test:${randomUUID()}:`;
      return {
        store: await openRedisStore(redisUrl(), { prefix }),
        openAgain: () => openRedisStore(redisUrl(), { prefix }),
      };
    },
    { durable: true },
  );
});
