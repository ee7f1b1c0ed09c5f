/** The two plugins the end-to-end benchmarks compare. */
export type PluginKind = "runtime" | "hand-written";

/** What the parent asks a plugin child (bench/plugin-child.ts). */
export type ChildRequest =
  | {
      readonly type: "start";
      readonly manifest: string;
      readonly restHost: string;
      readonly identifier: string;
      readonly key: string;
    }
  /** CPU time since `start`, and memory; with `gc`, after a full collection (needs --expose-gc). */
  | { readonly type: "usage"; readonly gc?: boolean }
  | { readonly type: "stop" };

/** What a plugin child answers. */
export type ChildReply =
  | { readonly type: "loaded" }
  | { readonly type: "started"; readonly websites: number; readonly ms: number }
  | { readonly type: "failed"; readonly error: string }
  | {
      readonly type: "usage";
      /** User + system CPU time since `start`, in milliseconds. */
      readonly cpuMs: number;
      readonly rssBytes: number;
      readonly heapUsedBytes: number;
      /** The process's peak resident set size so far. */
      readonly maxRssBytes: number;
    };

/** A plugin child's usage reply. */
export type Usage = Extract<ChildReply, { type: "usage" }>;
