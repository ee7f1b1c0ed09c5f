import type { CrispSimulator } from "./crisp-simulator.js";
import type { SimulatedMessage } from "./simulated-conversation.js";

/**
 * An operator writes a text message from the Crisp inbox: the conversation is created when
 * missing, the message is stored (`from: "operator"`, `origin: "chat"`), and `message:received` is
 * delivered as Crisp does for operator messages. Built on the simulator's public controls, so it
 * works with any `CrispSimulator`. Returns the stored message.
 */
export function operatorWrites(
  simulator: CrispSimulator,
  websiteId: string,
  sessionId: string,
  text: string,
  nickname = "Operator",
): SimulatedMessage {
  if (simulator.conversation(websiteId, sessionId) === undefined)
    simulator.createConversation(websiteId, { session_id: sessionId });
  const user = { nickname, user_id: `operator-${websiteId}` };
  const message = simulator.addMessage(websiteId, sessionId, {
    type: "text",
    from: "operator",
    origin: "chat",
    content: text,
    user,
  });
  simulator.emit(websiteId, "message:received", {
    session_id: sessionId,
    inbox_id: null,
    type: "text",
    from: "operator",
    origin: "chat",
    content: text,
    fingerprint: message.fingerprint,
    timestamp: message.timestamp,
    user,
  });
  return message;
}
