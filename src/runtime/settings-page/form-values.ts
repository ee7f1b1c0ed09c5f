/**
 * What each field shows, by field pointer: the text of an input, select or textarea, whether a
 * checkbox is checked, or the checked values of a group of checkboxes.
 */
export type FormValues = ReadonlyMap<string, string | boolean | readonly string[]>;
