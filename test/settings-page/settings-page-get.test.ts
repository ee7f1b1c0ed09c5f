import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { controlNamed, idOf, send, SettingsPageWorld, TEST_WEBSITES, textOfId } from "./settings-page-harness.js";

const world = new SettingsPageWorld();
afterEach(() => world.dispose());

describe("GET /settings", () => {
  it("draws a field for each setting, filled with the website's settings and the defaults where unset", async () => {
    await world.start(TEST_WEBSITES);
    const { status, body } = await world.open("website-2", "token-two");

    expect(status).toBe(200);
    expect(controlNamed(body, "/greeting")).toMatch(/^<input type="text" [^>]*value="Bonjour"[^>]* required/);
    expect(controlNamed(body, "/language")).toContain('value="fr"');
    expect(controlNamed(body, "/contact_email")).toMatch(/^<input type="email"/);
    expect(controlNamed(body, "/website")).toMatch(/^<input type="url"/);
    expect(controlNamed(body, "/launch_day")).toMatch(/^<input type="date"/);
    expect(controlNamed(body, "/signature")).toMatch(/^<textarea/);
    expect(controlNamed(body, "/tone")).toMatch(/^<select/);
    expect(controlNamed(body, "/max_replies")).toMatch(/type="number"[^>]* value="1" min="1" max="5" step="1"/);
    expect(controlNamed(body, "/delay_minutes")).toMatch(/type="number"[^>]* value="" min="0" step="0.5"/);
    expect(controlNamed(body, "/enabled")).toMatch(/type="checkbox"[^>]* value="true" checked/);
    expect(body).toMatch(/name="\/keywords"[^>]*>\nhelp<\/textarea>/);
    expect(body).toMatch(/name="\/weekdays" value="mon" checked>/);
    expect(body).toMatch(/name="\/weekdays" value="tue">/);
    expect(controlNamed(body, "/hours/opens")).toContain('value="09:00"');
    expect(controlNamed(body, "/nickname")).toMatch(/^<input type="text"/);
    expect(controlNamed(body, "/routing")).toBeUndefined();
    // Each label names its control; the required one says so; help is tied by aria-describedby.
    const greeting = idOf(body, "/greeting");
    expect(body).toContain(`<label for="${greeting}">Greeting <span class="required">(required)</span></label>`);
    expect(controlNamed(body, "/greeting")).toContain(`aria-describedby="${greeting}-help"`);
    expect(body).toMatch(/<fieldset id="field-\d+">\n<legend>Business hours<\/legend>/);
    expect(body).toMatch(/<option value="formal">Formal<\/option>/);
  });

  it("speaks the language of ?locale=, else of Accept-Language, with the schema's x-labels", async () => {
    await world.start(TEST_WEBSITES);

    const asked = await world.open("website-1", "token-one", {}, "fr");
    const browser = await world.open("website-1", "token-one", { "Accept-Language": "de-DE, fr-CA;q=0.8, en;q=0.5" });
    const other = await world.open("website-1", "token-one", { "Accept-Language": "de-DE" });

    for (const page of [asked, browser]) {
      expect(page.body).toContain('<html lang="fr">');
      expect(page.body).toContain(`Message d&#x27;accueil <span class="required">(obligatoire)</span>`);
      expect(page.body).toContain("Envoyé à chaque visiteur.");
      expect(page.body).toContain('<option value="friendly">Amical</option>');
      expect(page.body).toContain('<button type="submit">Enregistrer</button>');
    }
    expect(other.body).toContain('<html lang="en">');
    expect(other.body).toContain('<button type="submit">Save</button>');
  });

  it("shows a hostile setting and a hostile schema description as text, never as markup", async () => {
    await world.start(TEST_WEBSITES);
    const { body } = await world.open("website-3", "token-three");

    expect(body).not.toMatch(/<script/i);
    expect(controlNamed(body, "/greeting")).toContain(
      'value="&quot;&gt;&lt;script&gt;window.__pwned &#x3D; &#x27;setting&#x27;&lt;/script&gt;"',
    );
    expect(body).toContain(
      "&lt;/textarea&gt;&lt;script&gt;window.__pwned &#x3D; &#x27;list&#x27;&lt;/script&gt;</textarea>",
    );
    expect(textOfId(body, `${idOf(body, "/greeting")}-help`)).toBe(
      "Sent to every visitor. <script>window.__pwned = 'description'</script>",
    );
  });

  it("answers with a strict Content-Security-Policy: no script, only its own stylesheet by hash, framed by Crisp only", async () => {
    await world.start(TEST_WEBSITES);
    const { headers, body } = await world.open("website-1", "token-one");

    const policy = new Map(
      String(headers["content-security-policy"])
        .split(";")
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name = "", ...values]) => [name, values]),
    );
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1] ?? "";
    const hash = `'sha256-${createHash("sha256").update(style).digest("base64")}'`;
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.has("script-src")).toBe(false);
    expect(policy.get("style-src")).toEqual([hash]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'self'", "https://app.crisp.chat"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(String(headers["content-security-policy"])).not.toContain("unsafe");
    expect(body.match(/<style>/g)).toHaveLength(1);
    expect(body).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      "content-type": "text/html; charset=utf-8",
    });
  });

  it("answers 403 to a wrong, missing or other website's token, saying nothing about the website", async () => {
    await world.start(TEST_WEBSITES);
    const attempts = [
      world.link("website-2", "wrong-token"),
      world.link("website-2", "token-tw"),
      world.link("website-2", "token-one"),
      world.link("website-2", ""),
      `${world.origin}/settings?website_id=website-2`,
      world.link("no-such-website", "token-two"),
      `${world.origin}/settings`,
    ];

    for (const url of attempts) {
      const { status, body, headers } = await send(url);
      expect(status, url).toBe(403);
      expect(body).toContain("This link is not valid.");
      for (const secret of ["website-2", "Bonjour", "Settings Page Test", "greeting", "token-two", "<form"]) {
        expect(body, url).not.toContain(secret);
      }
      expect(headers["content-security-policy"]).toContain("default-src 'none'");
    }
    expect(world.lines.join("\n")).not.toMatch(/token-(one|two|tw\b)|wrong-token/);
  });

  it("shows saved settings that no longer fit the schema with their errors, and that the plugin skips the website", async () => {
    await world.start(TEST_WEBSITES);
    const { status, body } = await world.open("website-4", "token-four");

    const language = idOf(body, "/language");
    expect(status).toBe(200);
    expect(body).toContain("do not fit the plugin&#x27;s settings schema");
    expect(textOfId(body, `${language}-error`)).toBe("This value is not in the expected format.");
    expect(controlNamed(body, "/language")).toMatch(
      new RegExp(`value="English"[^>]* aria-describedby="${language}-help ${language}-error" aria-invalid="true"`),
    );
  });

  it("answers 405 to a method other than GET and POST", async () => {
    await world.start(TEST_WEBSITES);
    const answer = await send(world.link("website-1", "token-one"), { method: "PUT", body: "x" });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, HEAD, POST");
  });
});
