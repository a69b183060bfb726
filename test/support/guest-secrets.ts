/**
 * For the tests that search what a process answered and printed for secrets (R25): the secrets
 * the ledger itself derived and stored, and the development keys given as production gives keys.
 */
import * as path from 'node:path';
import { openSqliteEventStore } from '@lib/event-store';
import { DEV_KEYS } from './test-app';

/** LEDGER_API_KEYS holding the development keys: a process given them does not print them. */
export const DEV_KEYS_AS_CONFIGURED = Object.entries(DEV_KEYS)
  .map(([role, key]) => `${role}:${key}`)
  .join(',');

/** The first guest's phone key and password hash as the ledger stored them in its first event. */
export async function storedGuestSecrets(
  dataDir: string,
): Promise<{ phoneKey: string; passwordHash: string }> {
  const store = openSqliteEventStore({ path: path.join(dataDir, 'events.sqlite'), readOnly: true });
  try {
    const requested = (await store.readAll()).find((event) => event.type === 'PaymentRequested');
    const payer = (requested?.data as { payer?: { phoneKey?: string; passwordHash?: string } })
      ?.payer;
    return { phoneKey: payer?.phoneKey ?? '', passwordHash: payer?.passwordHash ?? '' };
  } finally {
    await store.close();
  }
}
