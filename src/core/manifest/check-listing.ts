import { resolve } from "node:path";
import { isFile } from "./check-hooks-file.js";
import type { LoadedManifest } from "./load-manifest.js";
import type { Listing } from "./manifest.js";
import { createProblem, type Problem } from "./problem.js";
import type { ChecklistItem } from "./checklist-item.js";
import { widgetChecklist } from "./widget-checklist.js";

/** Text that stands for text not written yet. */
const PLACEHOLDER =
  /^(?:x+|\.+|-+|todo|tbd|tba|fixme|test|placeholder|lorem(?: ipsum)?\b.*|(?:.*\b)?lorem ipsum\b.*)$/i;
/** The least a description says: shorter ones do not tell a user what the plugin does. */
export const MIN_DESCRIPTION = 20;
/** The least a scope's `why:` says to name what the scope is used for. */
export const MIN_WHY = 20;
const EMAIL = /^[^\s@:/]+@[^\s@/]+\.[^\s@/]+$/;

const URL_FIELDS = [
  ["documentation_url", "documentation URL"],
  ["website_url", "website URL"],
  ["terms_url", "terms of service URL"],
  ["privacy_url", "privacy policy URL"],
] as const satisfies readonly (readonly [keyof Listing, string])[];

/**
 * The Marketplace submission checklist of a valid manifest: the listing fields Crisp asks for,
 * the logo file, https links, and at least one scope, each with a justification.
 */
export function checkListing(loaded: LoadedManifest): ChecklistItem[] {
  const { manifest, source } = loaded;
  if (manifest === undefined || source === undefined) return [];
  const listing: Listing = manifest.plugin.listing ?? {};
  const listingPath = manifest.plugin.listing ? ["plugin", "listing"] : ["plugin"];
  const fail = (
    label: string,
    detail: string,
    code: Problem["code"],
    path: readonly (string | number)[],
  ): ChecklistItem => ({
    label,
    detail,
    kind: code === "NO_SCOPES" || code === "SCOPE_WITHOUT_JUSTIFICATION" ? "scope" : "listing",
    problem: createProblem(
      loaded.file,
      source.locate(path, { key: code === "LISTING_INCOMPLETE" }),
      code,
      `${label}: ${detail}`,
    ),
  });
  const pass = (label: string, detail: string, kind: ChecklistItem["kind"] = "listing"): ChecklistItem => ({
    label,
    detail,
    kind,
  });
  const text = (field: "category" | "summary" | "description", label: string): ChecklistItem => {
    const value = listing[field]?.trim();
    if (!value) return fail(label, `plugin.listing.${field} is missing`, "LISTING_INCOMPLETE", listingPath);
    if (PLACEHOLDER.test(value)) {
      return fail(label, `${JSON.stringify(value)} is a placeholder`, "LISTING_PLACEHOLDER", [...listingPath, field]);
    }
    if (field === "description" && value.length < MIN_DESCRIPTION) {
      const detail = `${JSON.stringify(value)} is too short to say what the plugin does (at least ${MIN_DESCRIPTION} characters)`;
      return fail(label, detail, "LISTING_PLACEHOLDER", [...listingPath, field]);
    }
    return pass(label, value);
  };
  const link = (field: keyof Listing, label: string, allowMailto = false): ChecklistItem => {
    const value = listing[field];
    if (!value) return fail(label, `plugin.listing.${field} is missing`, "LISTING_INCOMPLETE", listingPath);
    if (value.startsWith("https://") || (allowMailto && value.startsWith("mailto:"))) return pass(label, value);
    if (allowMailto && EMAIL.test(value)) return pass(label, `mailto:${value}`);
    const expected = allowMailto ? "an https URL or an e-mail address" : "an https URL";
    return fail(label, `${value} must be ${expected}`, "INSECURE_URL", [...listingPath, field]);
  };
  const items = [
    pass("name", manifest.plugin.name),
    pass("visibility", manifest.plugin.visibility),
    text("category", "category"),
    text("summary", "summary"),
    text("description", "description"),
    logoItem(loaded, listing, listingPath, fail, pass),
    ...URL_FIELDS.slice(0, 2).map(([field, label]) => link(field, label)),
    link("support", "support URL or mailto:", true),
    ...URL_FIELDS.slice(2).map(([field, label]) => link(field, label)),
  ];
  if (manifest.scopes.length === 0) {
    return [...items, fail("scopes", "a production token needs at least one scope", "NO_SCOPES", ["scopes"])];
  }
  const scopes = manifest.scopes.map((scope, index) => {
    const label = `scope ${scope.scope}`;
    const why = scope.why?.trim();
    if (!why) return fail(label, "no justification (why:)", "SCOPE_WITHOUT_JUSTIFICATION", ["scopes", index]);
    if (PLACEHOLDER.test(why) || why.length < MIN_WHY) {
      const detail = `why: ${JSON.stringify(why)} does not say what the scope is used for (which messages, which conversations, why)`;
      return fail(label, detail, "SCOPE_WITHOUT_JUSTIFICATION", ["scopes", index, "why"]);
    }
    return pass(label, why, "scope");
  });
  return [...items, ...scopes, ...widgetChecklist(manifest)];
}

function logoItem(
  loaded: LoadedManifest,
  listing: Listing,
  listingPath: readonly string[],
  fail: (label: string, detail: string, code: Problem["code"], path: readonly (string | number)[]) => ChecklistItem,
  pass: (label: string, detail: string) => ChecklistItem,
): ChecklistItem {
  if (!listing.logo) return fail("logo", "plugin.listing.logo is missing", "LISTING_INCOMPLETE", listingPath);
  const path = resolve(loaded.path, "..", listing.logo);
  if (isFile(path)) return pass("logo", listing.logo);
  return fail("logo", `${listing.logo} does not exist`, "LOGO_NOT_FOUND", [...listingPath, "logo"]);
}
