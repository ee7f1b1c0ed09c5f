import { describe, expect, it } from "vitest";
import type { ConditionSpec, TimeSpec } from "../../src/core/manifest/manifest.js";
import { compileCondition } from "../../src/core/rules/compile-condition.js";
import { isValidTimezone } from "../../src/core/rules/is-valid-timezone.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import { checkCondition } from "./check-condition.js";

const OFFICE: TimeSpec = { weekdays: ["mon", "tue", "wed", "thu", "fri"], between: ["09:00", "18:00"] };

function at(now: string, time: TimeSpec, settings: Record<string, unknown> = {}): true | string {
  return checkCondition({ time }, { now, settings });
}

describe("time conditions", () => {
  describe("in Europe/Paris (UTC+1 in winter, +2 in summer)", () => {
    const paris: TimeSpec = { ...OFFICE, timezone: "Europe/Paris" };

    it.each([
      ["2024-03-04T07:59:00Z", "it is Monday 08:59 in Europe/Paris, outside mon-fri 09:00-18:00"],
      ["2024-03-04T08:00:00Z", true],
      ["2024-03-04T16:59:59Z", true],
      ["2024-03-04T17:00:00Z", "it is Monday 18:00 in Europe/Paris, outside mon-fri 09:00-18:00"],
      ["2024-03-09T12:00:00Z", "it is Saturday 13:00 in Europe/Paris, outside mon-fri 09:00-18:00"],
    ])("at %s", (now, expected) => {
      expect(at(now, paris)).toBe(expected === true ? true : `rules[0].if: ${expected}`);
    });

    it("follows the switch to summer time (31 March 2024)", () => {
      // 07:30 UTC is 08:30 on the Friday before, but 09:30 on the Monday after.
      expect(at("2024-03-29T07:30:00Z", paris)).toBe(
        "rules[0].if: it is Friday 08:30 in Europe/Paris, outside mon-fri 09:00-18:00",
      );
      expect(at("2024-04-01T07:30:00Z", paris)).toBe(true);
    });
  });

  describe("in America/New_York (UTC-5 in winter, -4 in summer)", () => {
    const newYork: TimeSpec = { ...OFFICE, timezone: "America/New_York" };

    it("follows the switch to summer time (10 March 2024)", () => {
      expect(at("2024-03-08T13:30:00Z", newYork)).toBe(
        "rules[0].if: it is Friday 08:30 in America/New_York, outside mon-fri 09:00-18:00",
      );
      expect(at("2024-03-11T13:30:00Z", newYork)).toBe(true);
    });

    it("follows the switch back to winter time (3 November 2024)", () => {
      expect(at("2024-11-01T13:30:00Z", newYork)).toBe(true);
      expect(at("2024-11-04T13:30:00Z", newYork)).toBe(
        "rules[0].if: it is Monday 08:30 in America/New_York, outside mon-fri 09:00-18:00",
      );
    });

    it("reads the weekday in the timezone, not in UTC", () => {
      // Saturday 02:00 UTC is still Friday 21:00 in New York.
      expect(at("2024-03-09T02:00:00Z", { weekdays: ["fri"], timezone: "America/New_York" })).toBe(true);
      expect(at("2024-03-09T02:00:00Z", { weekdays: ["fri"] })).toBe(
        "rules[0].if: it is Saturday 02:00 in UTC, outside fri",
      );
    });
  });

  describe("defaults", () => {
    it("is UTC, every day, all day", () => {
      expect(at("2024-03-09T23:59:59Z", {})).toBe(true);
      expect(at("2024-03-04T08:59:00Z", { between: ["09:00", "18:00"] })).toBe(
        "rules[0].if: it is Monday 08:59 in UTC, outside every day 09:00-18:00",
      );
    });

    it("describes day lists and runs", () => {
      expect(at("2024-03-06T12:00:00Z", { weekdays: ["sat", "sun"] })).toBe(
        "rules[0].if: it is Wednesday 12:00 in UTC, outside sat, sun",
      );
      expect(at("2024-03-06T12:00:00Z", { weekdays: ["mon", "tue", "thu", "fri", "sat"] })).toBe(
        "rules[0].if: it is Wednesday 12:00 in UTC, outside mon, tue, thu-sat",
      );
    });
  });

  describe("ranges", () => {
    it("accepts 24:00 as the end of the day", () => {
      const evening: TimeSpec = { between: ["18:00", "24:00"] };
      expect(at("2024-03-04T23:59:59Z", evening)).toBe(true);
      expect(at("2024-03-05T00:00:00Z", evening)).toBe(
        "rules[0].if: it is Tuesday 00:00 in UTC, outside every day 18:00-24:00",
      );
    });

    describe("spanning midnight, counted on the day it started", () => {
      const fridayNight: TimeSpec = { weekdays: ["fri"], between: ["22:00", "02:00"] };
      it.each([
        ["Friday 22:00", "2024-03-08T22:00:00Z", true],
        ["Friday 23:30", "2024-03-08T23:30:00Z", true],
        ["Saturday 01:59, the night that started Friday", "2024-03-09T01:59:00Z", true],
        [
          "Saturday 02:00 (end excluded)",
          "2024-03-09T02:00:00Z",
          "it is Saturday 02:00 in UTC, outside fri 22:00-02:00",
        ],
        [
          "Saturday 23:00 (Saturday night)",
          "2024-03-09T23:00:00Z",
          "it is Saturday 23:00 in UTC, outside fri 22:00-02:00",
        ],
        [
          "Friday 01:00 (the night that started Thursday)",
          "2024-03-08T01:00:00Z",
          "it is Friday 01:00 in UTC, outside fri 22:00-02:00",
        ],
        ["Friday 21:59", "2024-03-08T21:59:00Z", "it is Friday 21:59 in UTC, outside fri 22:00-02:00"],
      ])("%s", (_name, now, expected) => {
        expect(at(now, fridayNight)).toBe(expected === true ? true : `rules[0].if: ${expected}`);
      });

      it("in a timezone", () => {
        // 23:30 UTC on Friday 8 March is Saturday 00:30 in Paris: Friday night there.
        expect(at("2024-03-08T23:30:00Z", { ...fridayNight, timezone: "Europe/Paris" })).toBe(true);
      });
    });

    it("never holds when start equals end", () => {
      expect(at("2024-03-04T09:00:00Z", { between: ["09:00", "09:00"] })).toBe(
        "rules[0].if: it is Monday 09:00 in UTC, outside every day 09:00-09:00",
      );
    });
  });

  describe("templated timezone", () => {
    const spec: TimeSpec = { ...OFFICE, timezone: "{{settings.timezone}}" };

    it("is rendered for each evaluation", () => {
      // 08:30 UTC: 09:30 in Paris (open), 03:30 in New York (closed).
      expect(at("2024-03-04T08:30:00Z", spec, { timezone: "Europe/Paris" })).toBe(true);
      expect(at("2024-03-04T08:30:00Z", spec, { timezone: "America/New_York" })).toBe(
        "rules[0].if: it is Monday 03:30 in America/New_York, outside mon-fri 09:00-18:00",
      );
    });

    it("fails, without throwing, when it renders an unknown timezone", () => {
      expect(at("2024-03-04T08:30:00Z", spec, { timezone: "Mars/Olympus" })).toBe(
        'rules[0].if: timezone "Mars/Olympus" (rendered from "{{settings.timezone}}") is not an IANA timezone such as "Europe/Paris"',
      );
      expect(at("2024-03-04T08:30:00Z", spec, {})).toBe(
        'rules[0].if: timezone "" (rendered from "{{settings.timezone}}") is not an IANA timezone such as "Europe/Paris"',
      );
    });

    it("explains an unknown timezone under not too", () => {
      const negated: ConditionSpec = { not: { time: spec } };
      expect(checkCondition(negated, { now: "2024-03-04T08:30:00Z", settings: { timezone: "Nowhere" } })).toBe(true);
    });
  });

  it("fails when now is not a date", () => {
    expect(at("yesterday", OFFICE)).toBe('rules[0].if: now "yesterday" is not an ISO 8601 date');
  });

  it("explains the window it is in when negated", () => {
    expect(checkCondition({ not: { time: { ...OFFICE, timezone: "Europe/Paris" } } })).toBe(
      "rules[0].if: must not hold, but it is Monday 11:00 in Europe/Paris, within mon-fri 09:00-18:00",
    );
  });

  it("refuses a constant unknown timezone when compiling", () => {
    const env = createTemplateEnvironment();
    expect(() => compileCondition({ time: { timezone: "Europe/Pariss" } }, env, "rules[0].if[1]")).toThrow(
      'rules[0].if[1].time.timezone: "Europe/Pariss" is not an IANA timezone such as "Europe/Paris"',
    );
  });
});

describe("isValidTimezone", () => {
  it.each(["UTC", "Europe/Paris", "america/new_york", "Asia/Kolkata"])("accepts %s", (name) => {
    expect(isValidTimezone(name)).toBe(true);
  });

  it.each(["", "  ", "Mars/Olympus", "Europe/Pariss", "{{settings.timezone}}"])("refuses %j", (name) => {
    expect(isValidTimezone(name)).toBe(false);
  });
});
