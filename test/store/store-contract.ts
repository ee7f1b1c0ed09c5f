import { afterEach, beforeEach, describe } from "vitest";
import type { Store } from "../../src/core/ports/store.js";
import type { ContractContext } from "./contract-context.js";
import { describeDurability } from "./durability-contract.js";
import { describeQuarantine } from "./quarantine-contract.js";
import { describeRecords } from "./records-contract.js";
import { describeWork } from "./work-contract.js";

/** A store opened on fresh data for one test, and how to reach the same data again. */
export interface StoreUnderTest {
  readonly store: Store;
  /** Another instance on the same data: a restart, or a second replica. */
  readonly openAgain?: () => Promise<Store>;
  /** Removes what the test left (a temp dir, Redis keys), after every instance was closed. */
  readonly dispose?: () => Promise<void>;
}

/**
 * The behaviour every {@link Store} backend must have, as one suite: run it with a name and a
 * factory that opens a store on empty data. `durable` backends also run the tests that need a
 * second instance on the same data (a restart, two replicas claiming the same work).
 */
export function storeContract(
  name: string,
  open: () => Promise<StoreUnderTest>,
  options: { readonly durable: boolean },
): void {
  describe(`${name} store`, () => {
    const context = useStoreUnderTest(open);
    describeWork(context);
    describeRecords(context);
    describeQuarantine(context);
    describeDurability(context, options.durable);
  });
}

function useStoreUnderTest(open: () => Promise<StoreUnderTest>): ContractContext {
  let current: StoreUnderTest | undefined;
  let opened: Store[] = [];

  beforeEach(async () => {
    current = await open();
    opened = [current.store];
  });

  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await current?.dispose?.();
    current = undefined;
  });

  return {
    store: () => {
      if (current === undefined) throw new Error("no store is open outside a test");
      return current.store;
    },
    openAgain: async () => {
      if (current?.openAgain === undefined) throw new Error("this backend cannot open its data again");
      const store = await current.openAgain();
      opened.push(store);
      return store;
    },
  };
}
