import { watch, type FSWatcher } from "chokidar";
import { dirname } from "node:path";

/** A running watch. */
export interface Watching {
  /** Resolves once the files are being watched: a save before that would be missed. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Watches the manifest and, when it names one, the hooks module's folder (so that files the hooks
 * import are watched too; node_modules and dist excluded). `onChange` is called once per burst of
 * saves: writes must settle (editors write in several steps) and changes within `debounceMs` of each
 * other are coalesced.
 */
export function watchFiles(options: {
  manifest: string;
  hooks?: string;
  onChange: (paths: string[]) => void;
  debounceMs?: number;
  settleMs?: number;
}): Watching {
  const targets = [options.manifest, ...(options.hooks ? [dirname(options.hooks)] : [])];
  const watcher: FSWatcher = watch(targets, {
    ignoreInitial: true,
    ignored: (path) => /(^|[/\\])(node_modules|dist|\.git|\.crisp-plugin)([/\\]|$)/.test(path),
    awaitWriteFinish: { stabilityThreshold: options.settleMs ?? 25, pollInterval: 5 },
  });
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  const flush = (): void => {
    timer = undefined;
    const paths = [...changed];
    changed = new Set();
    options.onChange(paths);
  };
  watcher.on("all", (_event, path) => {
    if (!isRelevant(path, options)) return;
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 20);
  });
  const ready = new Promise<void>((resolve) =>
    watcher.once("ready", () => {
      resolve();
    }),
  );
  return {
    ready,
    stop: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

function isRelevant(path: string, options: { manifest: string; hooks?: string }): boolean {
  if (path === options.manifest) return true;
  return options.hooks !== undefined && /\.(ts|mts|cts|js|mjs|cjs|json)$/.test(path);
}
