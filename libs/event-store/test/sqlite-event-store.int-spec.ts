import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../src';
import { describeEmbeddedStoreRules } from './embedded-store.rules';
import { describeEventStoreContract } from './event-store.contract';

const root = mkdtempSync(join(tmpdir(), 'event-store-sqlite-'));
let files = 0;
const freshFile = (): string => join(root, `store-${(files += 1)}`, 'events.db');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describeEventStoreContract('SQLite', () => openSqliteEventStore({ path: freshFile() }));
describeEmbeddedStoreRules('SQLite', (options) =>
  openSqliteEventStore({ path: freshFile(), ...options }),
);
