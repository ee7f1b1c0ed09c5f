/**
 * One replica of bench/replica-scaling.ts: `crisp-plugin run` from the sources (through tsx), its
 * environment and arguments given by the parent, as a user's process manager would start it.
 */
import { processIo } from "../src/cli/cli-io.js";
import { main } from "../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2), processIo());
