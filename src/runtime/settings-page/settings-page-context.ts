import type { Manifest } from "../../core/manifest/manifest.js";
import type { Logger } from "../../core/logging/logger.js";
import type { SettingsResult } from "../websites/create-settings-validator.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import type { SettingsForm } from "../../core/settings/build-settings-form.js";
import type { CsrfTokens } from "./create-csrf-tokens.js";
import type { FailureLimiter } from "./create-failure-limiter.js";

/** What the page reads of the live plugin version: its name, settings schema and validator. */
export interface SettingsPageVersion {
  readonly manifest: Pick<Manifest, "plugin" | "settings">;
  /** The runtime's own validator (ajv, defaults applied), so the page and the rules agree. */
  readonly validateSettings: (settings: unknown) => SettingsResult;
}

/** What serving one request needs, built once by `createSettingsPage`. */
export interface SettingsPageContext {
  readonly registry: WebsiteRegistry;
  readonly version: () => SettingsPageVersion;
  readonly save: (websiteId: string, settings: Readonly<Record<string, unknown>>) => Promise<void>;
  readonly log: Logger;
  readonly limiter: FailureLimiter;
  readonly csrf: CsrfTokens;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxBodyBytes: number;
  /** The form of a settings schema, built once per schema. */
  readonly formOf: (schema: Readonly<Record<string, unknown>>) => SettingsForm;
}
