import type { TimeSpec } from "../manifest/manifest.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import { zonedDateParts } from "../templates/zoned-date-parts.js";
import { compileOperand } from "./compile-operand.js";
import type { ConditionNode } from "./condition-node.js";
import { describeValue } from "./describe-value.js";
import { invalidCondition } from "./invalid-condition.js";
import { isValidTimezone } from "./is-valid-timezone.js";

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY_INDEX: Readonly<Record<string, number>> = {
  Monday: 0,
  Tuesday: 1,
  Wednesday: 2,
  Thursday: 3,
  Friday: 4,
  Saturday: 5,
  Sunday: 6,
};
const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** The timezone as written, and how to get it for one evaluation. */
interface Zone {
  readonly source: string;
  readonly render: (context: TemplateContext) => string;
}

type Reading = { readonly day: number; readonly minute: number; readonly text: string } | { readonly problem: string };

/**
 * Compiles `{ time: { weekdays, between, timezone } }`, evaluated at `context.now` (never the
 * clock) on the wall clock of `timezone` (default UTC; a template is rendered per evaluation, an
 * unknown zone then fails the condition with its reason). `between` is [start, end): "24:00" may
 * end a range, and an end before the start spans midnight, in which case `weekdays` names the day
 * the range started (`fri` with 22:00-02:00 holds on Saturday 01:00). A range whose start equals
 * its end is empty and never holds.
 */
export function compileTimeCondition(spec: TimeSpec, env: TemplateEnvironment, at: string): ConditionNode {
  const days = readWeekdays(spec.weekdays, `${at}.time.weekdays`);
  const [start, end] = readRange(spec.between, `${at}.time.between`);
  const zone = readTimezone(spec.timezone ?? "UTC", env, `${at}.time.timezone`);
  const window = describeWindow(days, spec.between);
  const inside = (day: number, minute: number): boolean => {
    if (start < end) return days[day] === true && minute >= start && minute < end;
    if (start > end) return (days[day] === true && minute >= start) || (days[(day + 6) % 7] === true && minute < end);
    return false;
  };
  return {
    evaluate: (context) => {
      const reading = read(context, zone);
      if ("problem" in reading) return { at, reason: reading.problem };
      return inside(reading.day, reading.minute) ? true : { at, reason: `${reading.text}, outside ${window}` };
    },
    explainHolds: (context) => {
      const reading = read(context, zone);
      return "problem" in reading ? reading.problem : `${reading.text}, within ${window}`;
    },
  };
}

function read(context: TemplateContext, zone: Zone): Reading {
  const instant = typeof context.now === "string" ? new Date(context.now) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) return { problem: `now ${describeValue(context.now)} is not an ISO 8601 date` };
  const timezone = zone.render(context);
  const parts = zonedDateParts(instant, timezone);
  const day = parts === undefined ? undefined : DAY_INDEX[parts.weekday];
  if (parts === undefined || day === undefined) {
    const from = zone.source === timezone ? "" : ` (rendered from ${describeValue(zone.source)})`;
    return { problem: `timezone ${describeValue(timezone)}${from} is not an IANA timezone such as "Europe/Paris"` };
  }
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  return { day, minute, text: `it is ${parts.weekday} ${parts.hour}:${parts.minute} in ${timezone}` };
}

// Days as a boolean per index (Monday first), so evaluation indexes instead of searching.
function readWeekdays(weekdays: TimeSpec["weekdays"], at: string): readonly boolean[] {
  if (weekdays === undefined) return WEEK.map(() => true);
  const given: unknown = weekdays;
  if (!Array.isArray(given)) throw invalidCondition(at, `expected a list of days among ${WEEK.join(", ")}`);
  const names = given as readonly unknown[];
  const unknown = names.filter((name) => !WEEK.some((day) => day === name));
  if (unknown.length > 0) {
    throw invalidCondition(at, `expected days among ${WEEK.join(", ")}, got ${unknown.map(describeValue).join(", ")}`);
  }
  return WEEK.map((day) => names.includes(day));
}

function readRange(between: TimeSpec["between"], at: string): [number, number] {
  const [start, end] = between ?? ["00:00", "24:00"];
  const from = minutesOf(start);
  const to = minutesOf(end);
  if (from === undefined || from === 24 * 60)
    throw invalidCondition(at, `start ${describeValue(start)} is not a time of day from 00:00 to 23:59`);
  if (to === undefined)
    throw invalidCondition(at, `end ${describeValue(end)} is not a time of day from 00:00 to 24:00`);
  return [from, to];
}

function minutesOf(time: unknown): number | undefined {
  const match = typeof time === "string" ? TIME_OF_DAY.exec(time) : null;
  if (match === null) return undefined;
  return match[1] === undefined ? 24 * 60 : Number(match[1]) * 60 + Number(match[2]);
}

// A constant zone is checked now; a templated one (`{{settings.timezone}}`) at each evaluation.
function readTimezone(timezone: string, env: TemplateEnvironment, at: string): Zone {
  if (typeof timezone !== "string") throw invalidCondition(at, "expected an IANA timezone or a template");
  if (timezone.includes("{{")) {
    const { render } = compileOperand(env, timezone, at);
    if (render === undefined) throw invalidCondition(at, "expected a template");
    return {
      source: timezone,
      render: (context) => {
        const rendered = render(context);
        return typeof rendered === "string" ? rendered.trim() : "";
      },
    };
  }
  if (!isValidTimezone(timezone)) {
    throw invalidCondition(at, `${describeValue(timezone)} is not an IANA timezone such as "Europe/Paris"`);
  }
  return { source: timezone, render: () => timezone };
}

// `mon-fri 09:00-18:00`, `sat, sun`, `every day 22:00-02:00`.
function describeWindow(days: readonly boolean[], between: TimeSpec["between"]): string {
  const hours = between === undefined ? "" : ` ${between[0]}-${between[1]}`;
  return `${describeDays(days)}${hours}`;
}

function describeDays(days: readonly boolean[]): string {
  if (days.every(Boolean)) return "every day";
  if (!days.some(Boolean)) return "no day";
  // Runs of consecutive days: three or more read better as a range.
  const runs: (typeof WEEK)[number][][] = [];
  WEEK.forEach((day, index) => {
    if (!days[index]) return;
    const run = runs.at(-1);
    if (run !== undefined && days[index - 1] === true) run.push(day);
    else runs.push([day]);
  });
  return runs.map((run) => (run.length >= 3 ? `${run[0] ?? ""}-${run.at(-1) ?? ""}` : run.join(", "))).join(", ");
}
