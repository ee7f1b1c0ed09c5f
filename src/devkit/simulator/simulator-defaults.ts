/**
 * What the simulator uses when an option is left out, in one place so that helpers usable without a
 * running simulator (`sendHook`) agree with it.
 */
export const SIMULATOR_DEFAULTS = {
  credentials: { identifier: "simulator-identifier", key: "simulator-key" },
  pluginId: "00000000-0000-4000-8000-00000000c815",
  pluginUrn: "urn:crisp-plugin-kit:simulator:0",
  pageSize: 20,
  bodyLimitBytes: 1024 * 1024,
  /** Where socket.io listens on the simulator's port; `getConnectEndpoints` hands out `${url}/rtm/`. */
  rtmPath: "/rtm/",
  /** Crisp's hook retry count is unconfirmed (crisp-platform.md §3.2); 3 keeps retry tests short. */
  hookAttemptLimit: 3,
  hookBackoffMs: 100,
  hookTimeoutMs: 5_000,
  /** How long `waitForCall` and `waitForRtmSocket` wait by default. */
  waitMs: 5_000,
} as const;
