/**
 * The baseline of the end-to-end benchmark: bench/fixtures/support-desk.yaml written by hand, the
 * way Crisp's example plugins are (crisp-platform.md §7): one `Crisp` client on the plugin tier,
 * `getConnectAccount` for the plugin id, every page of `listAllConnectWebsites` into a map of
 * settings (defaults applied once), then one `on()` handler per event with the rules as plain
 * `if`s, in the manifest's order, awaiting each REST call in turn. It keeps its website map
 * current on the lifecycle events and re-binds the socket after an install, skips its own
 * messages, and logs a failed handler instead of crashing, as a careful developer would; it does
 * not queue events per conversation or limit how many run at once (crisp-api's examples do not).
 *
 * It imports crisp-api directly, unlike src/ (STYLE.md §6): a hand-written plugin is the point. For
 * the same reason it is one start function closing over its client, as Crisp's examples are, rather
 * than small modules (STYLE.md §3).
 */
import { Crisp } from "crisp-api";

export const PLUGIN_URN = "urn:crisp-plugin-kit:bench-support-desk:0";

interface Settings {
  greeting: string;
  sender_name: string;
  timezone: string;
  pricing_url: string;
  keywords: string[];
  keyword_segment: string;
  auto_read: boolean;
  lead_source: string;
  csat_enabled: boolean;
  csat_question: string;
  escalation_operator: string;
}

const DEFAULT_SETTINGS: Settings = {
  greeting: "Hello",
  sender_name: "Support",
  timezone: "Europe/Paris",
  pricing_url: "https://example.com/pricing",
  keywords: ["invoice", "password", "delivery"],
  keyword_segment: "keyword",
  auto_read: false,
  lead_source: "chat",
  csat_enabled: true,
  csat_question: "How did we do?",
  escalation_operator: "",
};

const SHORT_LINK = /\b(bit\.ly|tinyurl\.com|goo\.gl|cutt\.ly)\//i;
const EMAIL_ONLY = /^\s*[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\s*$/;
const GREETING = /^\s*(hi|hello|hey|bonjour|hola)\b/i;
const PRICING = /\b(price|prices|pricing|cost|plans?)\b/i;
const URGENT = /\b(urgent|asap|emergency)\b/i;
const ORDER = /\border\s*#?\d{4,}/i;
const FREE_MAIL = /@(gmail|yahoo|hotmail|outlook)\./i;

/** What the RTM events carry that the handlers read. */
interface EventData {
  website_id: string;
  session_id: string;
  people_id?: string;
  type?: string;
  from?: string;
  origin?: string;
  content?: unknown;
  user?: { nickname?: string };
  email?: string;
  state?: string;
  segments?: string[];
  is_blocked?: boolean;
}

/** Where the plugin finds Crisp. */
export interface HandWrittenOptions {
  readonly identifier: string;
  readonly key: string;
  readonly restHost: string;
}

/** Starts the plugin; resolves once its handlers are bound (the socket authenticates right after). */
export async function startHandWrittenPlugin(options: HandWrittenOptions): Promise<{ websites: number }> {
  const crisp = new Crisp();
  crisp.setRestHost(options.restHost);
  crisp.authenticateTier("plugin", options.identifier, options.key);

  const { plugin_id: pluginId } = await crisp.plugin.getConnectAccount();
  if (!pluginId) throw new Error("Crisp returned no plugin_id: check the plugin token");
  const websites = new Map<string, Settings>();
  for (let page = 1; ; page++) {
    const list = await crisp.plugin.listAllConnectWebsites(page, false, false);
    if (list.length === 0) break;
    for (const website of list)
      if (website.website_id) websites.set(website.website_id, withDefaults(website.settings));
  }

  const conversations = crisp.website;
  /** Conversations this plugin blocked, whose session:set_block echo it must not act on. */
  const ownBlocks = new Set<string>();
  const reply = (data: EventData, content: unknown, settings: Settings, type = "text") =>
    conversations.sendMessageInConversation(data.website_id, data.session_id, {
      type,
      from: "operator",
      origin: PLUGIN_URN,
      content,
      user: { type: "participant", nickname: settings.sender_name },
    } as never);
  const note = (data: EventData, content: string) =>
    conversations.sendMessageInConversation(data.website_id, data.session_id, {
      type: "note",
      from: "operator",
      origin: PLUGIN_URN,
      content,
    });
  // Crisp replaces the whole list on a meta update: read it, change it, write it if it changed.
  const changeSegments = async (data: EventData, add: string[], remove: string[] = []) => {
    const meta = await conversations.getConversationMetas(data.website_id, data.session_id);
    const current = meta.segments ?? [];
    const next = [
      ...current.filter((segment) => !remove.includes(segment)),
      ...add.filter((s) => !current.includes(s)),
    ];
    if (next.length === current.length && next.every((segment, i) => segment === current[i])) return;
    await conversations.updateConversationMetas(data.website_id, data.session_id, { segments: next });
  };
  const setData = async (data: EventData, values: Record<string, string | boolean>) => {
    const meta = await conversations.getConversationMetas(data.website_id, data.session_id);
    await conversations.updateConversationMetas(data.website_id, data.session_id, {
      data: { ...meta.data, ...values },
    });
  };
  const peopleOf = async (data: EventData): Promise<string> => {
    if (data.people_id) return data.people_id;
    const conversation = await conversations.getConversation(data.website_id, data.session_id);
    if (!conversation.people_id) throw new Error(`conversation ${data.session_id} has no contact`);
    return conversation.people_id;
  };
  const addPeopleEvent = async (data: EventData, text: string, color: string) => {
    await conversations.addPeopleEvent(data.website_id, await peopleOf(data), { text, color });
  };

  const onVisitorMessage = async (data: EventData, settings: Settings) => {
    const { website_id: website, session_id: session } = data;
    if (data.type === "text" && typeof data.content === "string") {
      const text = data.content;
      if (SHORT_LINK.test(text)) {
        // Crisp echoes the block as session:set_block, without an origin: that one is ours.
        ownBlocks.add(`${website}/${session}`);
        await conversations.blockIncomingMessagesForConversation(website, session, true, undefined, PLUGIN_URN);
        await note(data, `Blocked: the visitor sent a shortened link (${truncate(text, 80)}).`);
        return;
      }
      if (EMAIL_ONLY.test(text)) {
        await conversations.updateConversationMetas(website, session, { email: text.trim().toLowerCase() });
        return;
      }
      if (GREETING.test(text)) {
        const name = data.user?.nickname || "there";
        await reply(data, `${settings.greeting} ${name}! How can we help you today?`, settings);
      }
      if (!isBusinessHours(settings.timezone)) await changeSegments(data, ["after-hours"]);
      if (PRICING.test(text)) {
        await reply(
          data,
          `Our plans and prices are at ${settings.pricing_url}. Anything else I can help with?`,
          settings,
        );
      }
      const lower = text.toLowerCase();
      if (lower.includes("refund") || lower.includes("money back")) {
        await changeSegments(data, ["billing", "refund"]);
        await setData(data, { topic: "billing", refund_requested: true });
      }
      if (URGENT.test(text)) {
        await changeSegments(data, ["urgent"]);
        await note(data, `Flagged as urgent: ${truncate(text, 120)}`);
      }
      if (ORDER.test(text)) await addPeopleEvent(data, `Asked about an order: ${truncate(text, 60)}`, "blue");
      if (settings.keywords.some((keyword) => lower.includes(keyword.toLowerCase()))) {
        await changeSegments(data, [settings.keyword_segment]);
      }
    }
    if (settings.auto_read) {
      await conversations.markMessagesReadInConversation(website, session, { from: "operator", origin: PLUGIN_URN });
    }
    if (data.type === "file" || data.type === "audio") {
      const file = (data.content as { name?: string } | undefined)?.name || "your file";
      await reply(data, `Thanks, we received ${file}. An agent will look at it shortly.`, settings);
    }
  };

  const onOperatorMessage = async (data: EventData) => {
    if (data.from !== "operator") return;
    if (data.type === "text") await changeSegments(data, [], ["after-hours"]);
    if (typeof data.content === "string" && data.content.toLowerCase().includes("refund approved")) {
      await setData(data, { refund: "approved" });
      await addPeopleEvent(data, `Refund approved by ${data.user?.nickname || "an operator"}`, "green");
    }
  };

  const onEmail = async (data: EventData, settings: Settings) => {
    const email = data.email ?? "";
    if (!email.includes("@")) return;
    await changeSegments(data, ["lead"]);
    await conversations.updatePeopleData(data.website_id, await peopleOf(data), {
      data: { lead_source: settings.lead_source },
    } as never);
    if (!FREE_MAIL.test(email)) await note(data, `Business address: ${email}. Consider a sales follow-up.`);
  };

  const onState = async (data: EventData, settings: Settings) => {
    if (data.state === "resolved" && settings.csat_enabled) {
      const choices = [
        // Crisp refuses a picker choice without \`selected\` (400 invalid_data).
        { value: "5", label: "Great", selected: false },
        { value: "3", label: "Okay", selected: false },
        { value: "1", label: "Bad", selected: false },
      ];
      await reply(data, { id: "csat", text: settings.csat_question, required: false, choices }, settings, "picker");
    }
    if (data.state === "unresolved") await addPeopleEvent(data, "Conversation reopened", "orange");
  };

  // The survey is the plugin's own message: its update is handled even though its origin is ours.
  const onMessageUpdated = async (data: EventData, settings: Settings) => {
    const content = data.content as { id?: string; choices?: { value: string; selected?: boolean }[] } | undefined;
    const rating = content?.choices?.find((choice) => choice.selected)?.value;
    if (content?.id !== "csat" || !rating) return;
    await setData(data, { csat: rating });
    await reply(data, "Thank you for your feedback!", settings);
  };

  const onSegments = async (data: EventData, settings: Settings) => {
    if (!data.segments?.includes("urgent") || settings.escalation_operator === "") return;
    await conversations.assignConversationRouting(data.website_id, data.session_id, {
      assigned: { user_id: settings.escalation_operator },
      silent: false,
    });
  };

  const onBlock = async (data: EventData) => {
    if (ownBlocks.delete(`${data.website_id}/${data.session_id}`) || data.is_blocked !== true) return;
    await conversations.changeConversationState(data.website_id, data.session_id, "resolved", undefined, PLUGIN_URN);
  };

  // Handlers are not awaited by crisp-api: each one logs its own failure.
  const listen = (event: string, handler: (data: EventData, settings: Settings) => Promise<void>, own = false) =>
    crisp.on(event, (data: EventData) => {
      const settings = websites.get(data.website_id);
      if (settings === undefined || (!own && data.origin === PLUGIN_URN)) return;
      handler(data, settings).catch((error: unknown) => {
        console.error(`${event} on ${data.website_id}/${data.session_id} failed:`, error);
      });
    });
  await Promise.all([
    listen("message:send", onVisitorMessage),
    listen("message:received", onOperatorMessage),
    listen("session:set_email", onEmail),
    listen("session:set_state", onState),
    listen("message:updated", onMessageUpdated, true),
    listen("session:set_segments", onSegments),
    listen("session:set_block", onBlock),
    crisp.on("plugin:subscription:updated", (data: { website_id: string; bound: boolean }) => {
      if (!data.bound) {
        websites.delete(data.website_id);
        return;
      }
      crisp.plugin
        .getSubscriptionSettings(data.website_id, pluginId)
        .then(async (subscription: { settings?: object }) => {
          websites.set(data.website_id, withDefaults(subscription.settings));
          await crisp.rebindSocket();
        })
        .catch((error: unknown) => {
          console.error(`install of ${data.website_id} failed:`, error);
        });
    }),
    crisp.on("plugin:settings:saved", (data: { website_id: string; settings: object }) => {
      if (websites.has(data.website_id)) websites.set(data.website_id, withDefaults(data.settings));
    }),
  ]);
  return { websites: websites.size };
}

function withDefaults(settings: object | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...(settings as Partial<Settings> | undefined) };
}

function truncate(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join("")}…`;
}

// Intl formatters are slow to build: one per timezone.
const clocks = new Map<string, Intl.DateTimeFormat>();

/** Monday to Friday, 08:00 to 20:00 in the website's timezone. */
function isBusinessHours(timezone: string): boolean {
  let clock = clocks.get(timezone);
  if (clock === undefined) {
    clock = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    clocks.set(timezone, clock);
  }
  const parts = Object.fromEntries(clock.formatToParts(new Date()).map((part) => [part.type, part.value]));
  const time = `${parts.hour ?? ""}:${parts.minute ?? ""}`;
  return !["Sat", "Sun"].includes(parts.weekday ?? "") && time >= "08:00" && time < "20:00";
}
