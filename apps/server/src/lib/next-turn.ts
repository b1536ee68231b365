/**
 * Resolves on the event loop's next turn, after pending I/O. Long work awaits it between steps so
 * requests it does not concern (/health among them) are answered meanwhile: on SQLite every query
 * completes synchronously, and a chain of them never lets the loop turn by itself.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
