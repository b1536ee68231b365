/**
 * Runs tasks at most `limit` at a time, the others waiting in the order they were asked for;
 * asking for a key that is running or waiting joins that run rather than queueing a second one.
 *
 * Long work that lets the event loop turn between bounded chunks (an Item's history load) keeps
 * the loop free only while few such tasks run at once: every chunk whose turn has come runs in the
 * same phase of the loop, back to back, so forty loads started together hold it for forty chunks.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly runs = new Map<string, Promise<unknown>>();

  constructor(private readonly limit: number) {}

  /** Runs `task` once a slot is free, or joins the run already asked for under `key`. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const joined = this.runs.get(key);
    if (joined) return joined as Promise<T>;
    const run = this.acquire()
      .then(task)
      .finally(() => {
        this.runs.delete(key);
        this.release();
      });
    this.runs.set(key, run);
    return run;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next task waiting, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
