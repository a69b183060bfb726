import { MemoryEventStore } from '../src';
import { describeEmbeddedStoreRules } from './embedded-store.rules';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('in-memory', () => new MemoryEventStore());
describeEmbeddedStoreRules('in-memory', (options) => new MemoryEventStore(options));
