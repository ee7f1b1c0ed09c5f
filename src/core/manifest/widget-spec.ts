/**
 * `widget:` in the manifest, as schema/plugin.schema.json accepts it (defaults applied): a Generic
 * widget (`sections`) or an iFrame widget (`url`). Strings may hold Crisp bindings
 * (`{conversation.meta.email}`), which are Crisp's to fill and are never rendered by the kit.
 */
export interface WidgetSpec {
  readonly sections?: readonly WidgetSectionSpec[];
  readonly url?: string;
}

/** One section of a Generic widget. */
export interface WidgetSectionSpec {
  readonly id: string;
  readonly title: string;
  readonly condition?: string;
  readonly items: readonly WidgetItemSpec[];
}

/** The button kinds Crisp knows. */
export type WidgetButtonKind = "link" | "modal" | "hook" | "submit";

/** The colors Crisp allows for buttons. */
export type WidgetColor = "black" | "blue" | "green" | "orange" | "red" | "purple";

/** One item of a section: a data item or a button (fields by `type`, as the schema checks). */
export interface WidgetItemSpec {
  readonly id: string;
  readonly type: "data" | "button";
  readonly label: string;
  readonly condition?: string;
  readonly data?: Readonly<Record<string, string | number | boolean>>;
  readonly group?: string;
  /** Data items: the value; `""` (the default) asks the plugin. */
  readonly value?: string;
  readonly placeholder?: string;
  readonly editable?: boolean;
  readonly immediate?: boolean;
  readonly icon?: string;
  /** Buttons. */
  readonly kind?: WidgetButtonKind;
  readonly color?: WidgetColor;
  readonly url?: string;
  readonly size?: "wide";
}

/** Every item of a Generic widget with its section, in order. */
export function widgetItems(widget: WidgetSpec | undefined): { section: WidgetSectionSpec; item: WidgetItemSpec }[] {
  return (widget?.sections ?? []).flatMap((section) => section.items.map((item) => ({ section, item })));
}
