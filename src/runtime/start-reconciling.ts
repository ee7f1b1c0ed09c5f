import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { Logger } from "../observability/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { reconcileWebsites } from "./reconcile-websites.js";

/**
 * Every `intervalMs` (5 minutes by default), asks Crisp which websites changed since the last time
 * and repairs the registry: installs, uninstalls or settings saves whose events were missed.
 */
export function startReconciling(
  options: { readonly reconcileIntervalMs?: number },
  connect: PluginConnect,
  registry: WebsiteRegistry,
  rebind: () => void,
  log: Logger,
): NodeJS.Timeout {
  let since = new Date();
  const timer = setInterval(
    () => {
      const started = new Date();
      reconcileWebsites(connect, registry, since)
        .then((changes) => {
          since = started;
          if (changes.added > 0) rebind();
          if (changes.added + changes.removed + changes.updated > 0) log.info(`reconciled websites`, { ...changes });
        })
        .catch((error: unknown) => {
          log.warn(`website reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    },
    options.reconcileIntervalMs ?? 5 * 60_000,
  );
  timer.unref();
  return timer;
}
