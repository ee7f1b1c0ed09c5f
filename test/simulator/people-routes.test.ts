import type { Crisp } from "crisp-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";

const WEBSITE = "website-1";
const PEOPLE = "people-1";

let clock = 1_700_000_000_000;
let sim: CrispSimulator;
let client: Crisp;

/**
 * Crisp's people data body is `{ data: {...} }` (crisp-api's README, Crisp's reference), but
 * crisp-api 11.3 types the parameter as a flat `Record<string, string | number | boolean>`.
 */
function peopleData(data: Record<string, string | number | boolean>): Record<string, string> {
  return { data } as unknown as Record<string, string>;
}

beforeEach(async () => {
  clock = 1_700_000_000_000;
  sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE }], now: () => clock });
  client = pluginClient(sim);
  sim.createConversation(WEBSITE, { people_id: PEOPLE, meta: { email: "ann@example.com", nickname: "Ann" } });
});

afterEach(async () => {
  await sim.close();
});

describe("people profiles", () => {
  it("answers the contact a conversation was linked to", async () => {
    expect(await client.website.getPeopleProfile(WEBSITE, PEOPLE)).toMatchObject({
      people_id: PEOPLE,
      email: "ann@example.com",
      person: { nickname: "Ann" },
      segments: [],
    });
  });

  it("answers 404 not_found for an unknown contact", async () => {
    await expect(client.website.getPeopleData(WEBSITE, "people-nope")).rejects.toMatchObject({
      code: 404,
      message: "not_found",
    });
  });
});

describe("people data", () => {
  it("merges on update and replaces on save", async () => {
    await client.website.updatePeopleData(WEBSITE, PEOPLE, peopleData({ plan: "pro", seats: 3 }));
    await client.website.updatePeopleData(WEBSITE, PEOPLE, peopleData({ seats: 5 }));
    const merged = await client.website.getPeopleData(WEBSITE, PEOPLE);
    await client.website.savePeopleData(WEBSITE, PEOPLE, peopleData({ churned: true }));

    expect(merged).toEqual({ data: { plan: "pro", seats: 5 } });
    expect(await client.website.getPeopleData(WEBSITE, PEOPLE)).toEqual({ data: { churned: true } });
  });

  it("refuses the flat body crisp-api's types suggest, saying the body is { data }", async () => {
    await expect(client.website.updatePeopleData(WEBSITE, PEOPLE, { plan: "pro" })).rejects.toMatchObject({
      code: 400,
      message: "invalid_data",
      data: { message: expect.stringContaining("{ data: {...} }") as unknown },
    });
  });
});

describe("people events", () => {
  it("adds events and lists them newest first, page by page, ending with an empty page", async () => {
    for (let index = 1; index <= 25; index += 1) {
      clock += 1;
      await client.website.addPeopleEvent(WEBSITE, PEOPLE, { text: `event ${index}`, color: "blue", data: { index } });
    }

    const first = await client.website.listPeopleEvents(WEBSITE, PEOPLE, 1);
    const second = await client.website.listPeopleEvents(WEBSITE, PEOPLE, 2);
    const third = await client.website.listPeopleEvents(WEBSITE, PEOPLE, 3);

    expect(first).toHaveLength(20);
    expect(first[0]).toEqual({ text: "event 25", color: "blue", data: { index: 25 }, timestamp: clock });
    expect(second.map((event) => event.text)).toEqual(["event 5", "event 4", "event 3", "event 2", "event 1"]);
    expect(third).toEqual([]);
  });

  it("refuses an event without text", async () => {
    await expect(client.website.addPeopleEvent(WEBSITE, PEOPLE, { color: "red" })).rejects.toMatchObject({ code: 400 });
  });
});
