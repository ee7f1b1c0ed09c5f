import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";

/**
 * The one way this project builds an ajv instance (draft-07, every error at once, formats such as
 * `uri` and `email`), so the manifest, the settings schema and website settings are checked alike.
 */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, ...options });
  addFormats.default(ajv);
  return ajv;
}
