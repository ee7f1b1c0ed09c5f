/**
 * Runs synchronous store code behind the asynchronous {@link Store} interface: its result resolves,
 * and what it throws rejects rather than escaping the call synchronously.
 */
export function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
