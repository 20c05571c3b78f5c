/**
 * Answers in order within a conversation: a follow-up waits for the question before it, while
 * other conversations go on in parallel. Failures are reported, never thrown to the caller.
 */
export class ConversationQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Runs `work` after the work already queued for `key`. */
  run(key: string, work: () => Promise<void>): void {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const task = previous.then(work).catch(this.onError);
    this.queues.set(key, task);
    this.pending.add(task);
    void task.finally(() => {
      this.pending.delete(task);
      if (this.queues.get(key) === task) this.queues.delete(key);
    });
  }

  /** Resolves when every queued answer has been sent (or has failed). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
