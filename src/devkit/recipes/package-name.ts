/** The npm name of this package, which hooks import `defineHooks` from. */
export const PACKAGE_NAME = "crisp-plugin-kit";
