import type { FormValues } from "./form-values.js";
import type { LocalLabels, SettingsField } from "../../core/settings/settings-field.js";
import type { UiText } from "./ui-text.js";

/** One option of a select or of a group of checkboxes, ready to draw. */
export interface OptionView {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly label: string;
  readonly selected: boolean;
}

/** One field ready for the templates: every text already chosen, every flag computed. */
export interface FieldView {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly help: string;
  readonly hint: string;
  readonly helpId: string;
  readonly error: string;
  readonly errorId: string;
  /** The ids of the help and the error, for `aria-describedby`. */
  readonly describedBy: string;
  readonly required: boolean;
  readonly requiredText: string;
  readonly isGroup: boolean;
  readonly isCheckbox: boolean;
  readonly isChoices: boolean;
  readonly isSelect: boolean;
  readonly isTextarea: boolean;
  readonly inputType: string;
  readonly value: string;
  readonly checked: boolean;
  readonly options: readonly OptionView[];
  readonly rows: string;
  readonly min: string;
  readonly max: string;
  readonly step: string;
  readonly maxLength: string;
  readonly fields: readonly FieldView[];
}

/** What the views are built from. */
export interface FieldViewInput {
  readonly values: FormValues;
  /** Messages by field pointer. */
  readonly errors: ReadonlyMap<string, string>;
  readonly locale: string;
  readonly text: UiText;
}

/** The views of the fields, and each field's element id and label by pointer (for error links). */
export function buildFieldViews(
  fields: readonly SettingsField[],
  input: FieldViewInput,
): { views: FieldView[]; targets: Map<string, { id: string; label: string }> } {
  const targets = new Map<string, { id: string; label: string }>();
  let next = 0;
  const build = (field: SettingsField): FieldView => {
    next += 1;
    const id = `field-${next}`;
    const labels = localLabels(field.labels, input.locale);
    const label = labels.find((entry) => entry.title !== undefined)?.title ?? field.title ?? humanise(field.key);
    const help = labels.find((entry) => entry.description !== undefined)?.description ?? field.description ?? "";
    const hint = field.control === "lines" ? input.text.linesHint : "";
    const error = input.errors.get(field.pointer) ?? "";
    const helpId = help !== "" || hint !== "" ? `${id}-help` : "";
    const errorId = error === "" ? "" : `${id}-error`;
    targets.set(field.pointer, { id, label });
    const value = input.values.get(field.pointer);
    const text = typeof value === "string" ? value : "";
    const optionLabel = (option: string): string =>
      labels.find((entry) => entry.options?.has(option))?.options?.get(option) ??
      field.optionLabels.get(option) ??
      option;
    return {
      id,
      name: field.pointer,
      label,
      help,
      hint,
      helpId,
      error,
      errorId,
      describedBy: [helpId, errorId].filter((part) => part !== "").join(" "),
      // A saved secret is not shown, so the browser must accept the field empty (empty keeps it).
      required: field.required && field.control !== "checkbox" && field.secret !== true,
      requiredText: input.text.required,
      isGroup: field.control === "group",
      isCheckbox: field.control === "checkbox",
      isChoices: field.control === "choices",
      isSelect: field.control === "select",
      isTextarea: field.control === "textarea" || field.control === "lines",
      inputType: field.secret === true ? "password" : field.control === "number" ? "number" : field.control,
      value: text,
      checked: value === true,
      options: optionsOf(field, { id, value, text, optionLabel, ui: input.text }),
      rows: String(field.control === "lines" ? Math.min(12, Math.max(4, text.split("\n").length + 1)) : 5),
      min: field.control === "number" && field.minimum !== undefined ? String(field.minimum) : "",
      max: field.control === "number" && field.maximum !== undefined ? String(field.maximum) : "",
      step: field.control === "number" ? field.step : "",
      maxLength: "maxLength" in field && field.maxLength !== undefined ? String(field.maxLength) : "",
      fields: field.control === "group" ? field.fields.map(build) : [],
    };
  };
  return { views: fields.map(build), targets };
}

function optionsOf(
  field: SettingsField,
  at: {
    id: string;
    value: unknown;
    text: string;
    optionLabel: (option: string) => string;
    ui: UiText;
  },
): OptionView[] {
  if (field.control === "choices") {
    const chosen = new Set(Array.isArray(at.value) ? (at.value as string[]) : []);
    return field.options.map((option, index) => ({
      id: `${at.id}-${index + 1}`,
      name: field.pointer,
      value: option,
      label: at.optionLabel(option),
      selected: chosen.has(option),
    }));
  }
  if (field.control !== "select") return [];
  const options = field.options.map((option, index) => ({
    id: `${at.id}-${index + 1}`,
    name: field.pointer,
    value: String(option),
    label: at.optionLabel(String(option)),
    selected: String(option) === at.text,
  }));
  if (field.required && options.some((option) => option.selected)) return options;
  const empty = {
    id: `${at.id}-0`,
    name: field.pointer,
    value: "",
    selected: !options.some((option) => option.selected),
  };
  return [{ ...empty, label: field.required ? at.ui.choose : at.ui.none }, ...options];
}

/** The field's labels for `locale`, then for its language (`fr` for `fr-ca`). */
function localLabels(labels: ReadonlyMap<string, LocalLabels>, locale: string): LocalLabels[] {
  const language = locale.split("-")[0] ?? locale;
  return [labels.get(locale), labels.get(language)].filter((entry) => entry !== undefined);
}

/** `after_hours_message` as `After hours message`, for a property without a title. */
function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words === "" ? key : words.charAt(0).toUpperCase() + words.slice(1);
}
