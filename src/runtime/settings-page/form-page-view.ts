import type { SettingsForm } from "../../core/settings/build-settings-form.js";
import { buildFieldViews } from "./build-field-views.js";
import type { FieldErrors } from "./collect-field-errors.js";
import type { FormValues } from "./form-values.js";
import type { NoticeLink, PageView } from "./render-settings-page.js";
import { uiTextFor } from "./ui-text.js";

/** What the form page of one website shows. */
export interface FormPageInput {
  readonly pluginName: string;
  readonly form: SettingsForm;
  readonly locale: string;
  readonly websiteId: string;
  readonly token: string;
  readonly csrf: string;
  readonly values: FormValues;
  readonly errors?: FieldErrors;
  readonly notice?: { readonly tone: "ok" | "bad"; readonly text: string };
}

/** The view of a website's settings form, with each error linked from the notice to its field. */
export function formPageView(input: FormPageInput): PageView {
  const text = uiTextFor(input.locale);
  const errors = input.errors ?? { byPointer: new Map<string, string>(), loose: [] };
  const { views, targets } = buildFieldViews(input.form.fields, {
    values: input.values,
    errors: errors.byPointer,
    locale: input.locale,
    text,
  });
  const links: NoticeLink[] = [
    ...[...targets].flatMap(([pointer, target]) => {
      const message = errors.byPointer.get(pointer);
      return message === undefined ? [] : [{ href: `#${target.id}`, label: target.label, message }];
    }),
    ...errors.loose.map((entry) => ({ href: "", ...entry })),
  ];
  return {
    lang: input.locale,
    title: `${input.pluginName}: ${text.heading}`,
    heading: input.pluginName,
    intro: text.intro,
    ...(input.notice === undefined ? {} : { notice: { ...input.notice, links } }),
    form: {
      websiteId: input.websiteId,
      token: input.token,
      csrf: input.csrf,
      locale: input.locale,
      fields: views,
      save: text.save,
      noSettings: text.noSettings,
    },
  };
}
