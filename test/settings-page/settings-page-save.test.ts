import { afterEach, describe, expect, it } from "vitest";
import { say, sentMessages } from "../runtime/runtime-harness.js";
import {
  controlNamed,
  hiddenFields,
  idOf,
  postForm,
  send,
  SettingsPageWorld,
  TEST_WEBSITES,
  textOfId,
} from "./settings-page-harness.js";

const world = new SettingsPageWorld();
afterEach(() => world.dispose());

describe("POST /settings", () => {
  const EVERY_FIELD: [string, string][] = [
    ["/greeting", "Hi there"],
    ["/language", "de"],
    ["/contact_email", " ops@example.com "],
    ["/website", "https://example.com/help"],
    ["/launch_day", "2026-12-01"],
    ["/signature", "Line 1\r\nLine 2"],
    ["/tone", "formal"],
    ["/priority", "2"],
    ["/max_replies", "3"],
    ["/delay_minutes", "1.5"],
    // `/enabled` unchecked: browsers send nothing for it.
    ["/keywords", "refund\r\n\r\n  late delivery \r\n"],
    ["/weekdays", "wed"],
    ["/weekdays", "mon"],
    ["/hours/opens", "08:30"],
    ["/hours/timezone", ""],
    ["/nickname", ""],
  ];

  it("types every field by the schema, saves through Crisp, applies at once, and keeps what the form does not draw", async () => {
    await world.start(TEST_WEBSITES);
    const hidden = await world.formOf("website-2", "token-two");

    const answer = await postForm(world.origin, [...hidden, ...EVERY_FIELD]);

    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("/settings?website_id=website-2&token=token-two&locale=en&saved=1");
    const saved = {
      greeting: "Hi there",
      language: "de",
      contact_email: "ops@example.com",
      website: "https://example.com/help",
      launch_day: "2026-12-01",
      signature: "Line 1\nLine 2",
      tone: "formal",
      priority: 2,
      max_replies: 3,
      delay_minutes: 1.5,
      enabled: false,
      keywords: ["refund", "late delivery"],
      weekdays: ["mon", "wed"],
      hours: { opens: "08:30" },
      nickname: null,
      routing: { team: "sales" },
    };
    expect(world.sim.calls({ route: "saveSubscriptionSettings" })).toEqual([
      expect.objectContaining({ method: "PUT", websiteId: "website-2", status: 200, body: saved }),
    ]);
    expect(world.sim.website("website-2")?.settings).toEqual(saved);
    // Applied to the running plugin before the answer, defaults included.
    expect(world.runtime.registry.get("website-2")?.settings).toEqual({
      ok: true,
      settings: { ...saved, hours: { opens: "08:30", timezone: "Europe/Paris" } },
    });
    const after = await send(`${world.origin}${String(answer.headers.location)}`);
    expect(after.body).toContain('role="status"');
    expect(after.body).toContain("Settings saved.");
    expect(world.lines).toContain(
      'INFO  website website-2: settings saved from the settings page {"website_id":"website-2"}',
    );

    say(world.sim, "website-2", "session-1", "Hello?");
    const reply = await world.sim.waitForCall({ route: "sendMessageInConversation", websiteId: "website-2" });
    expect(reply.body).toMatchObject({ content: "Hi there" });
  });

  it("shows each refused value next to its field, as typed, and saves nothing", async () => {
    await world.start(TEST_WEBSITES);
    const hidden = await world.formOf("website-2", "token-two");

    const answer = await postForm(world.origin, [
      ...hidden,
      ["/greeting", ""],
      ["/signature", "ab"],
      ["/language", "English"],
      ["/max_replies", "9"],
      ["/delay_minutes", "abc"],
      ["/contact_email", "not-an-email"],
      ["/tone", "loud"],
      ["/priority", "1.5"],
      ["/keywords", "ok"],
    ]);

    expect(answer.status).toBe(422);
    const expected: Record<string, string> = {
      "/signature": "Enter at least 3 characters.",
      "/language": "This value is not in the expected format.",
      "/max_replies": "Enter 5 or less.",
      "/delay_minutes": "Enter a number.",
      "/contact_email": "Enter an email address, such as name@example.com.",
      "/tone": "Choose one of the options.",
      "/priority": "Choose one of the options.",
    };
    for (const [name, message] of Object.entries(expected)) {
      const id = idOf(answer.body, name);
      expect(textOfId(answer.body, `${id}-error`), name).toBe(message);
      expect(controlNamed(answer.body, name), name).toMatch(
        new RegExp(`aria-describedby="[^"]*${id}-error" aria-invalid="true"`),
      );
      expect(answer.body, name).toContain(`<li><a href="#${id}">`);
    }
    // Left empty, a setting with a default takes it again: not an error.
    expect(controlNamed(answer.body, "/greeting")).not.toContain("aria-invalid");
    expect(controlNamed(answer.body, "/keywords")).not.toContain("aria-invalid");
    expect(controlNamed(answer.body, "/language")).toContain('value="English"');
    expect(controlNamed(answer.body, "/delay_minutes")).toContain('value="abc"');
    expect(answer.body).toContain('role="alert"');
    expect(world.sim.calls({ route: "saveSubscriptionSettings" })).toEqual([]);
    expect(world.sim.website("website-2")?.settings).toEqual(TEST_WEBSITES[1].settings);
    expect(world.runtime.registry.get("website-2")?.rawSettings).toEqual(TEST_WEBSITES[1].settings);
  });

  it("refuses a form without a valid anti-forgery token with 403, and saves nothing", async () => {
    await world.start(TEST_WEBSITES);
    const hidden = await world.formOf("website-2", "token-two");
    const otherWebsite = new Map(await world.formOf("website-1", "token-one")).get("_csrf") ?? "";
    const csrf = new Map(hidden).get("_csrf") ?? "";
    const without = hidden.filter(([name]) => name !== "_csrf");
    const tampered = `${csrf.slice(0, -1)}${csrf.endsWith("A") ? "B" : "A"}`;

    for (const forged of [undefined, "", tampered, otherWebsite, `${Date.now().toString(36)}.${"A".repeat(43)}`]) {
      const fields: [string, string][] = forged === undefined ? without : [...without, ["_csrf", forged]];
      const answer = await postForm(world.origin, [...fields, ["/greeting", "Forged"]]);
      expect(answer.status, String(forged)).toBe(403);
      expect(answer.body).toContain("This form has expired");
    }
    world.clock.advance(4 * 60 * 60_000 + 1);
    const expired = await postForm(world.origin, [...hidden, ["/greeting", "Too late"]]);
    expect(expired.status).toBe(403);
    expect(world.sim.calls({ route: "saveSubscriptionSettings" })).toEqual([]);

    // The refused page carries a fresh token, and the values typed: saving again works.
    expect(controlNamed(expired.body, "/greeting")).toContain('value="Too late"');
    const again = await postForm(world.origin, [...hiddenFields(expired.body), ["/greeting", "Too late"]]);
    expect(again.status).toBe(303);
    expect(world.sim.website("website-2")?.settings.greeting).toBe("Too late");
  });

  it("answers 413 to a form over 64 KiB and 415 to a body that is not a form, saving nothing", async () => {
    await world.start(TEST_WEBSITES);
    const hidden = await world.formOf("website-2", "token-two");

    const large = await postForm(world.origin, [...hidden, ["/greeting", "x".repeat(70 * 1024)]]);
    const json = await send(`${world.origin}/settings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.fromEntries([...hidden, ["/greeting", "JSON"]])),
    });

    expect(large.status).toBe(413);
    expect(json.status).toBe(415);
    expect(world.sim.calls({ route: "saveSubscriptionSettings" })).toEqual([]);
  });

  it("answers 429 after 10 wrong tokens from one address in 15 minutes, the right token too, until the window passes", async () => {
    await world.start(TEST_WEBSITES);
    const link = world.link("website-1", "token-one");
    const wrong = world.link("website-1", "nope");

    for (let attempt = 0; attempt < 9; attempt++) expect((await send(wrong)).status).toBe(403);
    world.clock.advance(60_000);
    const post = await postForm(world.origin, [
      ["_website_id", "website-1"],
      ["_token", "nope"],
    ]);
    expect(post.status).toBe(403);

    const blocked = await send(link);
    expect(blocked.status).toBe(429);
    expect(blocked.headers["retry-after"]).toBe(String(14 * 60));
    expect(blocked.body).toContain("Too many attempts");
    expect(
      (
        await postForm(world.origin, [
          ["_website_id", "website-1"],
          ["_token", "token-one"],
        ])
      ).status,
    ).toBe(429);
    // Another client is not affected.
    expect((await send(link, { localAddress: "127.0.0.2" })).status).toBe(200);

    world.clock.advance(14 * 60_000 - 1);
    expect((await send(link)).status).toBe(429);
    world.clock.advance(1);
    expect((await send(link)).status).toBe(200);
  });

  it("says so when Crisp refuses the save, keeps the values typed, and applies nothing", async () => {
    await world.start(TEST_WEBSITES);
    const hidden = await world.formOf("website-2", "token-two");
    // A refusal: a 5xx would be retried, as every Crisp call is.
    world.sim.failNext({ route: "saveSubscriptionSettings", status: 400, reason: "invalid_data" });

    const answer = await postForm(world.origin, [...hidden, ["/greeting", "Not saved"]]);

    expect(answer.status).toBe(502);
    expect(answer.body).toContain("Crisp did not take the settings just now");
    expect(controlNamed(answer.body, "/greeting")).toContain('value="Not saved"');
    expect(world.sim.website("website-2")?.settings).toEqual(TEST_WEBSITES[1].settings);
    expect(world.runtime.registry.get("website-2")?.rawSettings).toEqual(TEST_WEBSITES[1].settings);
    expect(sentMessages(world.sim)).toEqual([]);
  });
});
