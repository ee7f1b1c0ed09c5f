import { Crisp } from "crisp-api";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { PluginCredentials } from "../../src/devkit/simulator/is-authorized.js";

/** A real crisp-api client, authenticated with plugin tier and pointed at the simulator. */
export function pluginClient(sim: CrispSimulator, credentials: PluginCredentials = sim.credentials): Crisp {
  const client = new Crisp();
  client.authenticateTier("plugin", credentials.identifier, credentials.key);
  client.setRestHost(sim.url);
  return client;
}
