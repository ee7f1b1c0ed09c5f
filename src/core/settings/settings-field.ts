/** Labels of one field in one locale, from the schema's `x-labels: { fr: { title, description, options } }`. */
export interface LocalLabels {
  readonly title?: string;
  readonly description?: string;
  /** Labels of `enum` values, by the value as text. */
  readonly options?: ReadonlyMap<string, string>;
}

/** What every field has, whatever it draws. */
interface FieldBase {
  /** The property name. */
  readonly key: string;
  /**
   * Where the value is in the settings, as a JSON Pointer (`/hours/opens`): the form field's
   * `name`, and ajv's `instancePath` for errors about it.
   */
  readonly pointer: string;
  readonly title?: string;
  readonly description?: string;
  /** Labels by locale (`fr`, `pt-BR`), from `x-labels`. */
  readonly labels: ReadonlyMap<string, LocalLabels>;
  /** Labels of `enum` values in the schema's own language, from `x-option-labels`. */
  readonly optionLabels: ReadonlyMap<string, string>;
  readonly required: boolean;
  /** `type: [X, "null"]`: an empty field is saved as `null` rather than left out. */
  readonly nullable: boolean;
  /**
   * `x-secret: true` (an API key, a token): drawn as a password input that never shows the saved
   * value back; submitting it empty keeps the saved value.
   */
  readonly secret?: boolean;
  /** The schema's `default`, shown when the website has no value. */
  readonly default?: unknown;
}

/** A single-line input: plain text, or a browser type for `format: email`, `uri` or `date`. */
export interface InputField extends FieldBase {
  readonly control: "text" | "email" | "url" | "date";
  readonly maxLength?: number;
}

/** Long text: `maxLength` over 200, or `x-widget: textarea`. */
export interface TextareaField extends FieldBase {
  readonly control: "textarea";
  readonly maxLength?: number;
}

/** An `enum` of strings or numbers. */
export interface SelectField extends FieldBase {
  readonly control: "select";
  readonly options: readonly (string | number)[];
}

/** A number or integer input with the schema's bounds. */
export interface NumberField extends FieldBase {
  readonly control: "number";
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  /** `multipleOf`, 1 for an integer, else `any`. */
  readonly step: string;
}

/** A boolean. */
export interface CheckboxField extends FieldBase {
  readonly control: "checkbox";
}

/** A list of strings, one per line of a textarea. */
export interface LinesField extends FieldBase {
  readonly control: "lines";
}

/** A list of strings from an `enum`: one checkbox per value. */
export interface ChoicesField extends FieldBase {
  readonly control: "choices";
  readonly options: readonly string[];
}

/** A nested object, drawn as a fieldset. */
export interface GroupField extends FieldBase {
  readonly control: "group";
  readonly fields: readonly SettingsField[];
}

/** One field of the settings form, as read from the settings JSON Schema. */
export type SettingsField =
  InputField | TextareaField | SelectField | NumberField | CheckboxField | LinesField | ChoicesField | GroupField;
