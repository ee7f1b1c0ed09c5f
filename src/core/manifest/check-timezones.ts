import { isValidTimezone } from "../rules/is-valid-timezone.js";
import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";
import { suggest } from "./validate-schema.js";
import { isPlain, rawConditions, rawRules } from "./walk-rules.js";

let zones: readonly string[] | undefined;

/**
 * `time:` conditions whose `timezone` is not one this runtime knows (`Europe/Berln`), with the
 * closest IANA name. A templated zone (`{{settings.timezone}}`) is checked when it is rendered.
 */
export function checkTimezones(context: CheckContext): Problem[] {
  return rawRules(context.data).flatMap((rule) =>
    rawConditions(rule).flatMap(({ condition, path }) => {
      const time = condition.time;
      if (!isPlain(time) || typeof time.timezone !== "string") return [];
      const { timezone } = time;
      if (timezone.includes("{{") || isValidTimezone(timezone)) return [];
      zones ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
      return [
        problemAt(
          context,
          [...path, "time", "timezone"],
          "INVALID_TIMEZONE",
          `${JSON.stringify(timezone)} is not an IANA timezone${suggest(timezone, zones) || ' such as "Europe/Paris"'}`,
        ),
      ];
    }),
  );
}
