import { describe, expect, it } from "vitest";
import { bufferLines } from "../../src/runtime/observability/buffer-lines.js";

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("the log's line buffer", () => {
  it("writes the lines of one turn of the event loop in one write, at the end of the turn", async () => {
    const writes: string[] = [];
    const lines = bufferLines((text) => writes.push(text));
    lines.write("one");
    lines.write("two");
    expect(writes).toEqual([]);
    await turn();
    lines.write("three");
    await turn();
    expect(writes).toEqual(["one\ntwo\n", "three\n"]);
  });

  it("writes what is waiting at once when flushed, and nothing twice", async () => {
    const writes: string[] = [];
    const lines = bufferLines((text) => writes.push(text));
    lines.write("before exit");
    lines.flush();
    expect(writes).toEqual(["before exit\n"]);
    await turn();
    expect(writes).toEqual(["before exit\n"]);
  });

  it("does not let a long burst of lines wait in memory", () => {
    const writes: string[] = [];
    const lines = bufferLines((text) => writes.push(text));
    const line = "x".repeat(1_000);
    for (let i = 0; i < 100; i += 1) lines.write(line);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.join("").length).toBeGreaterThan(60_000);
  });
});
