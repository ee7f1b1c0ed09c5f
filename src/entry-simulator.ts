/**
 * `crisp-plugin-kit/simulator`: a local Crisp (REST routes and the RTM socket on loopback) for a
 * plugin's own tests, the one `crisp-plugin dev` and this kit's suite run against. It needs the
 * `socket.io` server package.
 */
export { startCrispSimulator, type CrispSimulatorOptions } from "./simulator/start-crisp-simulator.js";
export type { CrispSimulator } from "./simulator/crisp-simulator.js";
export {
  sendWidgetAction,
  type SendWidgetActionOptions,
  type WidgetActionInput,
  type WidgetActionResponse,
} from "./simulator/send-widget-action.js";
