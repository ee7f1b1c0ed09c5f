import { dirname, resolve } from "node:path";
import { watchFiles, type Watching } from "../reload/watch-files.js";
import type { Reloader } from "./create-reloader.js";
import type { PluginVersion } from "./plugin-version.js";

/** Watches the manifest and its hooks; each settled burst of saves is one reload. */
export function watchManifest(
  options: { readonly manifest: string; readonly cwd?: string | undefined },
  version: PluginVersion,
  reloader: Reloader,
): Watching {
  const manifestPath = resolve(options.cwd ?? process.cwd(), options.manifest);
  const hooks =
    version.manifest.hooks === undefined ? undefined : resolve(dirname(manifestPath), version.manifest.hooks);
  return watchFiles({
    manifest: manifestPath,
    ...(hooks === undefined ? {} : { hooks }),
    onChange: () => {
      void reloader.reload();
    },
  });
}
