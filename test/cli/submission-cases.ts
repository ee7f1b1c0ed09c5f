import type { ManifestFixture } from "../manifest/manifest-fixture.js";

/**
 * Valid manifests under test/fixtures/manifests/ that `check --submission` must refuse, with exactly
 * the lines it prints on stderr. Lines and columns are counted by hand from the fixture text.
 */
export const SUBMISSION_CASES: readonly ManifestFixture[] = [
  {
    file: "submission-incomplete.yaml",
    behaviour: "lists a missing logo file, plain-http links and a scope without why, each at its value",
    expected: [
      "submission-incomplete.yaml:11:11: LOGO_NOT_FOUND logo: ./no-such-logo.png does not exist",
      "submission-incomplete.yaml:12:24: INSECURE_URL documentation URL: http://example.com/docs must be an https URL",
      "submission-incomplete.yaml:16:18: INSECURE_URL privacy policy URL: http://example.com/privacy must be an https URL",
      "submission-incomplete.yaml:21:5: SCOPE_WITHOUT_JUSTIFICATION scope website:conversation:sessions: no justification (why:)",
    ],
  },
  {
    file: "submission-no-scopes.yaml",
    behaviour: "refuses a plugin that requests no scope at all",
    expected: ["submission-no-scopes.yaml:2:1: NO_SCOPES scopes: a production token needs at least one scope"],
  },
  {
    file: "submission-no-listing.yaml",
    behaviour: "lists every listing field when plugin.listing is missing, at the plugin: key",
    expected: [
      "category: plugin.listing.category is missing",
      "summary: plugin.listing.summary is missing",
      "description: plugin.listing.description is missing",
      "logo: plugin.listing.logo is missing",
      "documentation URL: plugin.listing.documentation_url is missing",
      "website URL: plugin.listing.website_url is missing",
      "support URL or mailto:: plugin.listing.support is missing",
      "terms of service URL: plugin.listing.terms_url is missing",
      "privacy policy URL: plugin.listing.privacy_url is missing",
    ].map((message) => `submission-no-listing.yaml:3:1: LISTING_INCOMPLETE ${message}`),
  },
  {
    file: "submission-missing-summary.yaml",
    behaviour: "reports a missing listing summary at the listing: key",
    expected: ["submission-missing-summary.yaml:7:3: LISTING_INCOMPLETE summary: plugin.listing.summary is missing"],
  },
  {
    file: "submission-placeholders.yaml",
    behaviour: "flags placeholder listing text and a why: that says nothing, and takes a bare support e-mail",
    expected: [
      'submission-placeholders.yaml:9:14: LISTING_PLACEHOLDER summary: "TODO" is a placeholder',
      'submission-placeholders.yaml:10:18: LISTING_PLACEHOLDER description: "x" is a placeholder',
      'submission-placeholders.yaml:20:10: SCOPE_WITHOUT_JUSTIFICATION scope website:conversation:messages: why: "x" does not say what the scope is used for (which messages, which conversations, why)',
    ],
  },
];
