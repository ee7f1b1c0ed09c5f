/** Lines written together, and how to write what is waiting at once. */
export interface LineBuffer {
  /** Adds `line` (without its newline) to what the current turn of the event loop writes. */
  readonly write: (line: string) => void;
  /** Writes what is waiting now: before exiting, or before writing to the same stream directly. */
  readonly flush: () => void;
}

/** Past this many characters waiting, they are written at once rather than at the end of the turn. */
const MAX_WAITING = 64 * 1024;

/**
 * An asynchronous log destination: the lines of one turn of the event loop reach `write` in one
 * call, at the end of that turn (`setImmediate`), rather than one call (and, for a file or a pipe,
 * one synchronous system call) per line. A burst of events writes its log lines in a few writes.
 * What the last turn logged is lost if the process is killed (SIGKILL) before the turn ends; a
 * shutdown calls `flush`.
 */
export function bufferLines(write: (text: string) => void): LineBuffer {
  let waiting = "";
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (waiting === "") return;
    const text = waiting;
    waiting = "";
    write(text);
  };
  return {
    write: (line) => {
      waiting += `${line}\n`;
      if (waiting.length > MAX_WAITING) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
