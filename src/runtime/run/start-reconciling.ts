import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { reconcileWebsites } from "./reconcile-websites.js";

/**
 * Every `intervalMs` (5 minutes by default), asks Crisp which websites changed since the last time
 * and repairs the registry: installs, uninstalls or settings saves whose events were missed.
 */
export function startReconciling(
  options: { readonly reconcileIntervalMs?: number; readonly mode?: "websockets" | "webhooks" },
  connect: PluginConnect,
  registry: WebsiteRegistry,
  rebind: () => void,
  log: Logger,
): NodeJS.Timeout {
  let since = new Date();
  const warnMissed = options.mode === "webhooks" ? warnOnceAboutMissedEvents(log) : undefined;
  const timer = setInterval(
    () => {
      const started = new Date();
      reconcileWebsites(connect, registry, since)
        .then((changes) => {
          since = started;
          if (changes.added > 0) rebind();
          warnMissed?.(changes);
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

/**
 * In Web Hooks mode Crisp sends only the events ticked in the Marketplace (crisp-platform.md §11):
 * an install or uninstall that reconciliation finds, with no `plugin:subscription:updated` before
 * it, says that event is not ticked. Said once per process.
 */
function warnOnceAboutMissedEvents(log: Logger): (changes: { added: number; removed: number }) => void {
  let warned = false;
  return (changes) => {
    const missed = changes.added + changes.removed;
    if (warned || missed === 0) return;
    warned = true;
    log.warn(
      `reconciliation found ${missed} install(s) or uninstall(s) that no plugin:subscription:updated event announced: ` +
        "Crisp sends Web Hooks only for the events ticked in the Marketplace (Events section); " +
        "tick those `crisp-plugin events` lists, the lifecycle events included",
    );
  };
}
