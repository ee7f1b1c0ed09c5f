import Handlebars from "handlebars";
import type { FieldView } from "./build-field-views.js";
import { SETTINGS_PAGE_STYLE } from "./settings-page-style.js";
import { SETTINGS_PAGE_TEMPLATES } from "./settings-page-templates.js";

/** A line of a notice: a message, linked to its field when it has one. */
export interface NoticeLink {
  readonly href: string;
  readonly label: string;
  readonly message: string;
}

/** Everything the page shows, every text already in the page's language. */
export interface PageView {
  readonly lang: string;
  readonly title: string;
  readonly heading: string;
  readonly intro: string;
  readonly notice?: {
    readonly tone: "ok" | "bad";
    readonly text: string;
    readonly links: readonly NoticeLink[];
  };
  /** Absent on pages that refuse the request (403, 413, 429...). */
  readonly form?: {
    readonly websiteId: string;
    readonly token: string;
    readonly csrf: string;
    readonly locale: string;
    readonly fields: readonly FieldView[];
    readonly save: string;
    readonly noSettings: string;
  };
}

type Render = (view: Record<string, unknown>) => string;

let page: Render | undefined;

/**
 * Renders the settings page. The templates run in their own Handlebars instance with escaping
 * on, known helpers only (`if`, `each`) and no prototype access, so a value can only ever be text.
 */
export function renderSettingsPage(view: PageView): string {
  page ??= compilePage();
  const notice =
    view.notice === undefined
      ? undefined
      : {
          ...view.notice,
          role: view.notice.tone === "ok" ? "status" : "alert",
          hasLinks: view.notice.links.length > 0,
        };
  const form = view.form === undefined ? undefined : { ...view.form, hasFields: view.form.fields.length > 0 };
  return page({ ...view, notice, form });
}

function compilePage(): Render {
  const handlebars = Handlebars.create();
  handlebars.unregisterHelper("log");
  handlebars.unregisterHelper("lookup");
  const options: CompileOptions = {
    knownHelpersOnly: true,
    knownHelpers: { if: true, each: true },
    noEscape: false,
    strict: false,
    preventIndent: true,
  };
  handlebars.registerPartial("field", handlebars.compile(SETTINGS_PAGE_TEMPLATES.field, options));
  handlebars.registerPartial("notice", handlebars.compile(SETTINGS_PAGE_TEMPLATES.notice, options));
  const template = handlebars.compile(SETTINGS_PAGE_TEMPLATES.page.replace("STYLE", SETTINGS_PAGE_STYLE), options);
  return (view) =>
    template(view, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
}
