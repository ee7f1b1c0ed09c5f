import { afterEach, describe, expect, it } from "vitest";
import { backend, DurableWorld } from "./durability-harness.js";

let world: DurableWorld | undefined;

afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

describe("the runtime and the process's globals", () => {
  it("leaves globalThis.fetch the same object after starting and calling Crisp", async () => {
    const before = globalThis.fetch;
    world = new DurableWorld();
    const reply = { id: "reply", on: "message:send", do: [{ action: "send_message", with: { content: "Hi" } }] };
    await world.start([reply], (dir) => backend("memory", dir));

    await world.visitorWrites("s1", "hello");

    expect(world.replies()).toEqual(["Hi"]);
    expect(globalThis.fetch).toBe(before);
  });
});
