import { describe, expect, it } from "vitest";
import { readEnvironment } from "../../src/runtime/run/read-environment.js";

const KEYPAIR = { CRISP_IDENTIFIER: "id", CRISP_KEY: "key" };

describe("readEnvironment", () => {
  it("gives the defaults when only the keypair is set", () => {
    expect(readEnvironment(KEYPAIR)).toEqual({
      identifier: "id",
      key: "key",
      mode: "websockets",
      port: 8080,
      logLevel: "info",
    });
  });

  it("reads the daily quota, its reset time, the request timeout, the concurrency and the shutdown deadline", () => {
    expect(
      readEnvironment({
        ...KEYPAIR,
        CRISP_DAILY_QUOTA: "20000",
        CRISP_REQUEST_TIMEOUT_MS: "2500",
        CRISP_PLUGIN_CONCURRENCY: "64",
        CRISP_PLUGIN_MAX_STARTS: "5",
        CRISP_PLUGIN_SHUTDOWN_SECONDS: "25",
        CRISP_QUOTA_RESET: "07:30",
      }),
    ).toMatchObject({
      dailyQuota: 20_000,
      requestTimeoutMs: 2_500,
      concurrency: 64,
      maxStarts: 5,
      shutdownMs: 25_000,
      quotaResetMinutes: 450,
    });
  });

  it.each([
    ["CRISP_DAILY_QUOTA", "0", 'CRISP_DAILY_QUOTA must be a positive whole number of requests per day, not "0"'],
    ["CRISP_DAILY_QUOTA", "lots", 'CRISP_DAILY_QUOTA must be a positive whole number of requests per day, not "lots"'],
    [
      "CRISP_REQUEST_TIMEOUT_MS",
      "50",
      'CRISP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds, at least 100, not "50"',
    ],
    [
      "CRISP_PLUGIN_CONCURRENCY",
      "1.5",
      'CRISP_PLUGIN_CONCURRENCY must be a whole number of conversations from 1 to 10000, not "1.5"',
    ],
    [
      "CRISP_PLUGIN_MAX_STARTS",
      "0",
      'CRISP_PLUGIN_MAX_STARTS must be a whole number of starts from 1 to 1000, not "0"',
    ],
    [
      "CRISP_PLUGIN_SHUTDOWN_SECONDS",
      "0.5",
      'CRISP_PLUGIN_SHUTDOWN_SECONDS must be a whole number of seconds from 1 to 3600, not "0.5"',
    ],
    ...["24:00", "7:30", "07:30Z", "midnight"].map((value) => [
      "CRISP_QUOTA_RESET",
      value,
      `CRISP_QUOTA_RESET must be the UTC time of day Crisp resets the daily quota, as HH:MM (00:00 to 23:59), not "${value}"`,
    ]),
  ])("refuses %s=%s with one line saying what it must be", (name, value, message) => {
    let thrown: unknown;
    try {
      readEnvironment({ ...KEYPAIR, [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "CONFIGURATION_INVALID", message });
  });
});
