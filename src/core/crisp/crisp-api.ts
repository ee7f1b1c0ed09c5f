import type { Crisp } from "crisp-api";

/** crisp-api's resources a plugin uses, typed as crisp-api types them: `website.*` and `plugin.*`. */
export type CrispApi = Pick<Crisp, "website" | "plugin">;
