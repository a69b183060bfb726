/**
 * Runs tasks with the same key one after another, in the order they arrive; tasks with different
 * keys run freely. Only a courtesy to the event store: correctness comes from the expected
 * revisions, but without it N simultaneous appends to one stream from this process would all read
 * the same revision and retry against each other N times.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
