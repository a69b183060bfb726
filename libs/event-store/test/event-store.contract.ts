import type { EventStore } from '../src/event-store.port';
import { appendContract } from './contract/append.contract';
import { concurrencyContract } from './contract/concurrency.contract';
import type { EventStoreFactory } from './contract/fixtures';
import { readContract } from './contract/read.contract';
import { recordsContract } from './contract/records.contract';
import { subscribeContract } from './contract/subscribe.contract';

export type { EventStoreFactory } from './contract/fixtures';

/**
 * The behaviour every EventStore adapter must show, through the port alone. Each test gets a
 * store from `factory` and closes it afterwards. Tests use their own uniquely named streams and
 * look at `$all` only through their own events, so a store that already holds events (a shared
 * EventStoreDB) passes as well as an empty one.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let current: EventStore | undefined;
    const store = (): EventStore => {
      if (current === undefined) throw new Error('No store: the factory has not run');
      return current;
    };

    beforeEach(async () => {
      current = await factory();
    });

    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    appendContract(store);
    readContract(store);
    subscribeContract(store);
    concurrencyContract(store);
    recordsContract(store);
  });
}
