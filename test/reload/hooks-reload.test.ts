import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, manifestYaml, ReloadWorld } from "./reload-harness.js";

const world = new ReloadWorld();
afterEach(() => world.dispose());

/** A plugin whose answer is what the `answer` hook returns, followed by the visitor's message. */
const MANIFEST = manifestYaml({
  hooks: "./hooks.ts",
  rules: [
    {
      id: "answer",
      on: "message:send",
      do: [
        { action: "hook:answer", id: "answer" },
        { action: "send_message", with: { content: "{{steps.answer.text}}: {{data.content}}" } },
      ],
    },
  ],
});

/** A hooks module, as a plugin author writes it (TypeScript, no build step, no import of the kit). */
function hooksModule(text: string, prelude = ""): string {
  return `${prelude}
interface Answer {
  readonly text: string;
}

export default {
  answer: { run: (): Answer => ({ text: ${text} }) },
};
`;
}

/** Has the visitor write `content` and answers the plugin's reply. */
async function ask(content: string, fingerprint: number): Promise<string> {
  const from = world.replies().length;
  world.say("site-1", content, fingerprint);
  const replies = await world.untilReplies(from + 1);
  return replies[from]?.content ?? "";
}

/** Starts the plugin with `files` beside plugin.yaml, once the watcher sees hooks.ts; answers the live version. */
async function start(files: Readonly<Record<string, string>>): Promise<number> {
  await world.start({ websites: [{ website_id: "site-1" }], files: { "plugin.yaml": MANIFEST, ...files } });
  await world.untilWatching("hooks.ts");
  return world.runtime.version().number;
}

describe("reloading the hooks module", () => {
  it("answers with what the edited hooks.ts returns from the next event on", async () => {
    const live = await start({ "hooks.ts": hooksModule(`"first"`) });
    expect(await ask("one", 1)).toBe("first: one");

    const { status, lines } = await world.save("hooks.ts", hooksModule(`"second"`));

    expect(status.last).toMatchObject({ outcome: "applied", version: live + 1 });
    expect(lines).toContain(`INFO  plugin.yaml reloaded: version ${live + 1} is live`);
    expect(await ask("two", 2)).toBe("second: two");
  });

  it("answers with what an edited module that hooks.ts imports returns", async () => {
    const live = await start({
      "hooks.ts": hooksModule("wording", `import { wording } from "./wording.ts";\n`),
      "wording.ts": `export const wording: string = "first";\n`,
    });
    expect(await ask("one", 1)).toBe("first: one");

    const { status } = await world.save("wording.ts", `export const wording: string = "second";\n`);

    expect(status.last).toMatchObject({ outcome: "applied", version: live + 1 });
    expect(await ask("two", 2)).toBe("second: two");
  });

  it("keeps the previous hooks when the edited hooks.ts throws as it loads, until a save fixes it", async () => {
    const live = await start({ "hooks.ts": hooksModule(`"first"`) });
    expect(await ask("one", 1)).toBe("first: one");

    const broken = await world.save("hooks.ts", `throw new Error("no CRM configured");\n${hooksModule(`"broken"`)}`);

    expect(broken.status.last).toMatchObject({ outcome: "rejected", version: live });
    // The decision line of the event before may land meanwhile: only the reload's lines are compared.
    expect(broken.lines.filter((line) => line.includes("plugin.yaml"))).toEqual([
      expect.stringMatching(/^WARN {2}plugin\.yaml:\d+:\d+: HOOKS_LOAD_FAILED .*no CRM configured/),
      `WARN  plugin.yaml has errors: version ${live} stays active`,
    ]);
    expect(await ask("two", 2)).toBe("first: two");

    const fixed = await world.save("hooks.ts", hooksModule(`"third"`));

    expect(fixed.status.last).toMatchObject({ outcome: "applied", version: live + 1 });
    expect(await ask("three", 3)).toBe("third: three");
  });

  it("reloads a hooks.ts saved as soon as the runtime has started", async () => {
    await world.start({
      websites: [{ website_id: "site-1" }],
      files: { "plugin.yaml": MANIFEST, "hooks.ts": hooksModule(`"first"`) },
    });

    writeFileSync(join(world.dir, "hooks.ts"), hooksModule(`"second"`));

    await eventually(() => (world.runtime.reloader.status().count > 0 ? true : undefined), "a reload");
    expect(await ask("two", 2)).toBe("second: two");
  });

  it("reloads the hooks module that a reload of plugin.yaml added, when it is edited", async () => {
    const plain = manifestYaml({
      rules: [{ id: "answer", on: "message:send", do: [{ action: "send_message", with: { content: "plain" } }] }],
    });
    await world.start({
      websites: [{ website_id: "site-1" }],
      files: { "plugin.yaml": plain, "hooks.ts": hooksModule(`"first"`) },
    });
    await world.untilWatching("plugin.yaml");
    const added = await world.save("plugin.yaml", MANIFEST);
    expect(added.status.last?.outcome).toBe("applied");
    expect(await ask("one", 1)).toBe("first: one");
    const reloads = world.runtime.reloader.status().count;

    await world.write("hooks.ts", hooksModule(`"second"`));

    await eventually(
      () => (world.runtime.reloader.status().count > reloads ? true : undefined),
      "a reload after editing hooks.ts",
      2_000,
    );
    expect(await ask("two", 2)).toBe("second: two");
  });
});
