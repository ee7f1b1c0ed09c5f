/**
 * `crisp-plugin-kit/simulator`: a local Crisp (REST routes and the RTM socket on loopback) for a
 * plugin's own tests, the one `crisp-plugin dev` and this kit's suite run against. It needs the
 * `socket.io` server package.
 */
export { startCrispSimulator, type CrispSimulatorOptions } from "./devkit/simulator/start-crisp-simulator.js";
export type { CrispSimulator } from "./devkit/simulator/crisp-simulator.js";
export {
  sendWidgetAction,
  type SendWidgetActionOptions,
  type WidgetActionInput,
  type WidgetActionResponse,
} from "./devkit/simulator/send-widget-action.js";
