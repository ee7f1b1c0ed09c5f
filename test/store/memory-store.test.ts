import { createMemoryStore } from "../../src/runtime/store/memory-store.js";
import { storeContract } from "./store-contract.js";

storeContract("memory", () => Promise.resolve({ store: createMemoryStore() }), { durable: false });
