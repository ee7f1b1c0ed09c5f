import type { ConnectWebsite } from "../crisp/plugin-connect.js";
import type { Logger } from "../../core/logging/logger.js";
import type { SettingsResult } from "./create-settings-validator.js";
import { internSettings, type InternedSettings } from "./intern-settings.js";

/** A subscribed website: its token, its raw settings, and whether they pass the settings schema. */
export interface WebsiteEntry {
  readonly id: string;
  readonly token: string;
  readonly rawSettings: Readonly<Record<string, unknown>>;
  /** Valid settings (defaults applied), or why they are not: then its rules do not run. */
  readonly settings: SettingsResult;
}

/**
 * The websites that installed the plugin, with their settings validated once (not per event), and
 * once per distinct settings: websites with equal settings share them, frozen (see `internSettings`).
 * A website whose settings are invalid is reported once per distinct reason, and skipped by the
 * rules until a save fixes them; the others are not affected.
 */
export class WebsiteRegistry {
  readonly #websites = new Map<string, WebsiteEntry>();
  #intern: (settings: Readonly<Record<string, unknown>>) => InternedSettings;
  readonly #log: Logger;

  constructor(validate: (settings: unknown) => SettingsResult, log: Logger) {
    this.#intern = internSettings(validate);
    this.#log = log;
  }

  get size(): number {
    return this.#websites.size;
  }

  get(websiteId: string): WebsiteEntry | undefined {
    return this.#websites.get(websiteId);
  }

  ids(): string[] {
    return [...this.#websites.keys()];
  }

  /** Adds or updates a website; returns true when it was not subscribed before. */
  upsert(website: ConnectWebsite): boolean {
    const previous = this.#websites.get(website.website_id);
    const { raw, result } = this.#intern(website.settings);
    const entry: WebsiteEntry = {
      id: website.website_id,
      token: website.token || previous?.token || "",
      rawSettings: raw,
      settings: result,
    };
    this.#websites.set(entry.id, entry);
    this.#report(entry, previous);
    return previous === undefined;
  }

  /** Replaces a website's settings (after `plugin:settings:saved`), keeping its token. */
  updateSettings(websiteId: string, settings: Readonly<Record<string, unknown>>): void {
    const previous = this.#websites.get(websiteId);
    this.upsert({ website_id: websiteId, token: previous?.token ?? "", settings });
  }

  /** Removes a website (uninstalled); returns true when it was subscribed. */
  remove(websiteId: string): boolean {
    return this.#websites.delete(websiteId);
  }

  /**
   * Validates every website again with a new settings schema, and returns those whose settings
   * fail it, with why, without applying anything (for a reload to report before it swaps).
   */
  check(validate: (settings: unknown) => SettingsResult): { id: string; reason: string }[] {
    const intern = internSettings(validate);
    return [...this.#websites.values()].flatMap((website) => {
      const { result } = intern(website.rawSettings);
      return result.ok ? [] : [{ id: website.id, reason: result.reason }];
    });
  }

  /** Applies a new settings schema to every website (a reload reports the failing ones first, with `check`). */
  revalidate(validate: (settings: unknown) => SettingsResult): void {
    this.#intern = internSettings(validate);
    for (const website of [...this.#websites.values()]) {
      const { raw, result } = this.#intern(website.rawSettings);
      this.#websites.set(website.id, { ...website, rawSettings: raw, settings: result });
    }
  }

  #report(entry: WebsiteEntry, previous: WebsiteEntry | undefined): void {
    const before = previous?.settings;
    if (!entry.settings.ok) {
      const same = before !== undefined && !before.ok && before.reason === entry.settings.reason;
      if (!same) {
        this.#log.warn(`website ${entry.id}: settings are invalid, its rules will not run until they are fixed`, {
          website_id: entry.id,
          reason: entry.settings.reason,
        });
      }
      return;
    }
    if (before !== undefined && !before.ok) {
      this.#log.info(`website ${entry.id}: settings are valid again, its rules run`, { website_id: entry.id });
    }
  }
}
