import { describe, expect, it } from "vitest";
import { BoundedMemo } from "../../src/core/cache/bounded-memo.js";

describe("a bounded memo", () => {
  it("computes a key's value once, and not an undefined one", () => {
    const memo = new BoundedMemo<number | undefined>(10);
    let calls = 0;
    const square = (n: number) => () => {
      calls += 1;
      return n * n;
    };
    expect(memo.get("3", square(3))).toBe(9);
    expect(memo.get("3", square(4))).toBe(9);
    expect(calls).toBe(1);
    expect(memo.get("missing", () => undefined)).toBeUndefined();
    expect(memo.get("missing", () => 1)).toBe(1);
    expect(memo.size).toBe(2);
  });

  it("forgets everything once it holds its limit, and starts again", () => {
    const memo = new BoundedMemo<string>(2);
    memo.get("a", () => "A");
    memo.get("b", () => "B");
    memo.get("c", () => "C");
    expect(memo.size).toBe(1);
    expect(memo.get("a", () => "A again")).toBe("A again");
    expect(memo.get("c", () => "not called")).toBe("C");
  });
});
