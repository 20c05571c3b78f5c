/**
 * Answers in order within a conversation: a follow-up waits for the question before it, while
 * other conversations go on in parallel. Failures are reported, never thrown to the caller.
 */
export class ConversationQueue {
  /** The work under way in every queue of the process (for a graceful shutdown). */
  private static readonly everywhere = new Set<Promise<void>>();

  /** Resolves when the answers under way in every channel have been sent (or have failed). */
  static async drainAll(): Promise<void> {
    while (ConversationQueue.everywhere.size > 0) await Promise.all([...ConversationQueue.everywhere]);
  }

  private readonly pending = new Set<Promise<void>>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Runs `work` after the work already queued for `key`. */
  run(key: string, work: () => Promise<void>): void {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const task = previous.then(work).catch(this.onError);
    this.queues.set(key, task);
    this.pending.add(task);
    ConversationQueue.everywhere.add(task);
    void task.finally(() => {
      this.pending.delete(task);
      ConversationQueue.everywhere.delete(task);
      if (this.queues.get(key) === task) this.queues.delete(key);
    });
  }

  /** Resolves when every queued answer has been sent (or has failed). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
