import type { RouteDefinition } from "../route-definition.js";
import { conversationMessageRoutes } from "./conversation-messages.js";
import { conversationStatusRoutes } from "./conversation-status.js";
import { conversationRoutes } from "./conversation.js";
import { peopleProfileRoutes } from "./people-profiles.js";
import { peopleRoutes } from "./people.js";
import { pluginConnectRoutes } from "./plugin-connect.js";
import { pluginSubscriptionRoutes } from "./plugin-subscription.js";
import { websiteOperatorRoutes } from "./website-operators.js";

/** Every REST route the simulator serves, by resource. */
export const ALL_ROUTES: readonly RouteDefinition[] = [
  ...pluginConnectRoutes,
  ...pluginSubscriptionRoutes,
  ...conversationRoutes,
  ...conversationMessageRoutes,
  ...conversationStatusRoutes,
  ...peopleRoutes,
  ...peopleProfileRoutes,
  ...websiteOperatorRoutes,
];
