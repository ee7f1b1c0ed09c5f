/** The page's own words (not the schema's), in one language. */
export interface UiText {
  readonly heading: string;
  readonly intro: string;
  readonly save: string;
  readonly saved: string;
  readonly required: string;
  readonly linesHint: string;
  readonly choose: string;
  readonly none: string;
  readonly errorSummary: string;
  readonly currentInvalid: string;
  readonly expired: string;
  readonly saveFailed: string;
  readonly noSettings: string;
  readonly forbidden: string;
  readonly tooMany: string;
  readonly tooLarge: string;
  readonly badRequest: string;
  readonly failed: string;
  /** Messages for values the schema refuses; `{n}` is the schema's limit. */
  readonly messages: Readonly<Record<MessageKey, string>>;
}

/** The checks the page words itself; others show ajv's English message. */
export type MessageKey =
  | "required"
  | "notANumber"
  | "notAnInteger"
  | "notAnOption"
  | "minLength"
  | "maxLength"
  | "minimum"
  | "exclusiveMinimum"
  | "maximum"
  | "exclusiveMaximum"
  | "multipleOf"
  | "pattern"
  | "email"
  | "url"
  | "format"
  | "minItems"
  | "maxItems"
  | "uniqueItems";

const EN: UiText = {
  heading: "Settings",
  intro: "These settings apply to this website only.",
  save: "Save",
  saved: "Settings saved. The plugin uses them from its next event on.",
  required: "required",
  linesHint: "One entry per line.",
  choose: "Choose…",
  none: "(none)",
  errorSummary: "Nothing was saved: fix the settings below and save again.",
  currentInvalid:
    "The saved settings of this website do not fit the plugin's settings schema: the plugin does nothing for it until they are fixed and saved.",
  expired: "This form has expired, or was not sent from this page: nothing was saved. Check the values and save again.",
  saveFailed: "Crisp did not take the settings just now: nothing was saved. Try again in a moment.",
  noSettings: "This plugin has no settings to change.",
  forbidden: "This link is not valid. Open the plugin's settings from your Crisp dashboard again.",
  tooMany: "Too many attempts with a wrong link. Try again later.",
  tooLarge: "The form sent is too large.",
  badRequest: "This page only takes its own form.",
  failed: "Something went wrong on our side. Try again in a moment.",
  messages: {
    required: "Fill in this field.",
    notANumber: "Enter a number.",
    notAnInteger: "Enter a whole number.",
    notAnOption: "Choose one of the options.",
    minLength: "Enter at least {n} characters.",
    maxLength: "Enter at most {n} characters.",
    minimum: "Enter {n} or more.",
    exclusiveMinimum: "Enter more than {n}.",
    maximum: "Enter {n} or less.",
    exclusiveMaximum: "Enter less than {n}.",
    multipleOf: "Enter a multiple of {n}.",
    pattern: "This value is not in the expected format.",
    email: "Enter an email address, such as name@example.com.",
    url: "Enter a full address, such as https://example.com.",
    format: "Enter a valid {n}.",
    minItems: "Enter at least {n} entries.",
    maxItems: "Enter at most {n} entries.",
    uniqueItems: "Remove the repeated entries.",
  },
};

const FR: UiText = {
  heading: "Réglages",
  intro: "Ces réglages ne s'appliquent qu'à ce site.",
  save: "Enregistrer",
  saved: "Réglages enregistrés. Le plugin les utilise dès son prochain événement.",
  required: "obligatoire",
  linesHint: "Une entrée par ligne.",
  choose: "Choisir…",
  none: "(aucun)",
  errorSummary: "Rien n'a été enregistré : corrigez les réglages ci-dessous, puis enregistrez à nouveau.",
  currentInvalid:
    "Les réglages enregistrés pour ce site ne respectent pas le schéma du plugin : il ne fait rien pour ce site tant qu'ils ne sont pas corrigés et enregistrés.",
  expired:
    "Ce formulaire a expiré, ou n'a pas été envoyé depuis cette page : rien n'a été enregistré. Vérifiez les valeurs et enregistrez à nouveau.",
  saveFailed: "Crisp n'a pas pris les réglages pour l'instant : rien n'a été enregistré. Réessayez dans un moment.",
  noSettings: "Ce plugin n'a pas de réglages à modifier.",
  forbidden: "Ce lien n'est pas valide. Ouvrez à nouveau les réglages du plugin depuis votre tableau de bord Crisp.",
  tooMany: "Trop de tentatives avec un lien erroné. Réessayez plus tard.",
  tooLarge: "Le formulaire envoyé est trop volumineux.",
  badRequest: "Cette page n'accepte que son propre formulaire.",
  failed: "Une erreur s'est produite de notre côté. Réessayez dans un moment.",
  messages: {
    required: "Remplissez ce champ.",
    notANumber: "Saisissez un nombre.",
    notAnInteger: "Saisissez un nombre entier.",
    notAnOption: "Choisissez l'une des options.",
    minLength: "Saisissez au moins {n} caractères.",
    maxLength: "Saisissez au plus {n} caractères.",
    minimum: "Saisissez {n} ou plus.",
    exclusiveMinimum: "Saisissez plus de {n}.",
    maximum: "Saisissez {n} ou moins.",
    exclusiveMaximum: "Saisissez moins de {n}.",
    multipleOf: "Saisissez un multiple de {n}.",
    pattern: "Cette valeur n'est pas au format attendu.",
    email: "Saisissez une adresse e-mail, comme nom@example.com.",
    url: "Saisissez une adresse complète, comme https://example.com.",
    format: "Saisissez un(e) {n} valide.",
    minItems: "Saisissez au moins {n} entrées.",
    maxItems: "Saisissez au plus {n} entrées.",
    uniqueItems: "Retirez les entrées en double.",
  },
};

/** The languages the page itself speaks; a schema may label its fields in more (`x-labels`). */
export const UI_LANGUAGES: ReadonlyMap<string, UiText> = new Map([
  ["en", EN],
  ["fr", FR],
]);

/** The page's words for `locale` (`fr-CA` uses `fr`), English when it does not speak it. */
export function uiTextFor(locale: string): UiText {
  return UI_LANGUAGES.get(locale.toLowerCase()) ?? UI_LANGUAGES.get(baseLanguage(locale)) ?? EN;
}

function baseLanguage(locale: string): string {
  return locale.toLowerCase().split("-")[0] ?? "";
}
