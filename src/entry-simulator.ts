/**
 * `crisp-plugin-kit/simulator`: a local Crisp (REST routes and the RTM socket on loopback) for a
 * plugin's own tests, the one `crisp-plugin dev` and this kit's suite run against, and every type
 * its signatures use. It needs the `socket.io` server package, an optional dependency of this kit
 * (installed unless `--omit=optional`): without it, `startCrispSimulator` rejects with a
 * `CONFIGURATION_INVALID` error saying to `npm install socket.io`.
 */
export { startCrispSimulator, type CrispSimulatorOptions } from "./devkit/simulator/start-crisp-simulator.js";
export type { CrispSimulator, WebsiteSnapshot } from "./devkit/simulator/crisp-simulator.js";
export {
  sendWidgetAction,
  type SendWidgetActionOptions,
  type WidgetActionInput,
  type WidgetActionResponse,
  type WidgetTamper,
} from "./devkit/simulator/send-widget-action.js";
export type { CallFilter, RecordedCall } from "./devkit/simulator/call-recorder.js";
export type { DailyQuotaOptions } from "./devkit/simulator/daily-quota.js";
export type { InjectedFailure } from "./devkit/simulator/failure-injector.js";
export type { HookDeliveryAttempt, HookTarget } from "./devkit/simulator/hook-dispatcher.js";
export type { PluginCredentials } from "./devkit/simulator/is-authorized.js";
export type { ScopeGrant } from "./devkit/simulator/is-scope-granted.js";
export type { JsonObject } from "./devkit/simulator/json-object.js";
export type { RandomFaultOptions } from "./devkit/simulator/random-faults.js";
export type { RtmSocketSnapshot } from "./devkit/simulator/rtm-hub.js";
export type { HookBody, HookResponse, HookTamper, SendHookOptions } from "./devkit/simulator/send-hook.js";
export type {
  ConversationMeta,
  ConversationState,
  SimulatedConversation,
  SimulatedMessage,
} from "./devkit/simulator/simulated-conversation.js";
export type { SimulatedOperator } from "./devkit/simulator/simulated-operator.js";
export type { DataValue, PeopleEvent, SimulatedPeople } from "./devkit/simulator/simulated-people.js";
export type {
  SimulatedWebsite,
  WebsiteDifference,
  WebsitePlan,
  WebsiteSeed,
} from "./devkit/simulator/simulated-website.js";
export type { ConversationInit, MessageInput } from "./devkit/simulator/simulator-state.js";
export type { Scope, Access } from "./core/crisp/scope-catalog.js";
