import type { Server } from "socket.io";
import { KitError } from "../../core/errors/kit-error.js";

/**
 * The socket.io server, loaded when a simulator starts rather than when its module is imported:
 * `socket.io` is an optional dependency that only the simulator (`crisp-plugin dev`,
 * `crisp-plugin-kit/simulator`) needs, so a plugin installed with `--omit=optional` runs without
 * it, and the simulator says what to install instead of failing on a bare import.
 */
export async function loadSocketIo(): Promise<typeof Server> {
  try {
    return (await import("socket.io")).Server;
  } catch (error) {
    if (!isMissingPackage(error, "socket.io")) throw error;
    throw new KitError(
      "CONFIGURATION_INVALID",
      "the Crisp simulator (crisp-plugin dev, crisp-plugin-kit/simulator) needs the socket.io package, which is not installed: run npm install socket.io",
      { cause: error },
    );
  }
}

/** True when `error` says that `name` itself (not one of its own dependencies) cannot be found. */
function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "ERR_MODULE_NOT_FOUND" && typeof message === "string" && message.includes(`'${name}'`);
}
