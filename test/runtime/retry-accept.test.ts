import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logging/logger.js";
import { retryAccept } from "../../src/runtime/run/retry-accept.js";

function world() {
  const lines: string[] = [];
  const waits: number[] = [];
  const log = createLogger({ level: "debug", write: (line) => lines.push(line) });
  const sleep = (ms: number) => {
    waits.push(ms);
    return Promise.resolve();
  };
  return { lines, waits, log, sleep };
}

describe("accepting a socket event", () => {
  it("waits out a store hiccup, saying what it was", async () => {
    const { lines, log, sleep } = world();
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    let calls = 0;

    const accepted = await retryAccept(
      "message:send",
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(busy) : Promise.resolve("accepted");
      },
      log,
      sleep,
    );

    expect(accepted).toBe("accepted");
    expect(calls).toBe(3);
    expect(lines.filter((line) => line.includes("database is locked"))).toHaveLength(2);
    expect(lines.some((line) => line.includes("Crisp answered"))).toBe(false);
  });

  it("passes a TypeError on at once, as it is, without retrying it", async () => {
    const { lines, waits, log, sleep } = world();
    const bug = new TypeError("Cannot read properties of undefined (reading 'website_id')");
    let calls = 0;

    const rejected = retryAccept(
      "message:send",
      () => {
        calls += 1;
        return Promise.reject(bug);
      },
      log,
      sleep,
    );

    await expect(rejected).rejects.toBe(bug);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
    expect(lines).toEqual([]);
  });
});
