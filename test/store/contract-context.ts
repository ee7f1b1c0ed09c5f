import type { Store } from "../../src/core/ports/store.js";

/** What each part of the contract reads in its tests. */
export interface ContractContext {
  /** The store of the running test. */
  readonly store: () => Store;
  /** Another instance on the running test's data; closed after the test. Durable backends only. */
  readonly openAgain: () => Promise<Store>;
}
