import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../../src/errors';
import type { JsonObject, JsonValue } from '../../src/event-store.port';
import { anEvent, uniqueStream, type StoreOfTest } from './fixtures';

const PAYMENT_DATA: JsonValue = {
  paymentId: 'p-1001',
  items: [
    { court: '서울중앙지방법원', caseNumber: '2024가합12345', feeKrw: 1000 },
    { court: '부산지방법원', caseNumber: '2023고단987', feeKrw: 1000 },
  ],
  message: '이미 열람된 건은 취소할 수 없습니다',
  amountKrw: 2000,
  certificateVerified: false,
  failure: null,
  ratio: 0.5,
  emoji: '판결서 📄',
};

const METADATA: JsonObject = {
  $correlationId: randomUUID(),
  $causationId: randomUUID(),
  actor: { role: 'client', id: 'm-1001' },
  occurredAt: '2026-12-01T09:30:00+09:00',
  schemaVersion: 1,
};

export function recordsContract(store: StoreOfTest): void {
  describe('recorded events', () => {
    it('given data and metadata with Korean text, when read back from the stream and $all, then they are equal', async () => {
      const streamId = uniqueStream('결제');
      const id = randomUUID();
      const { position } = await store().appendToStream(streamId, [
        { id, type: 'PaymentRequested', data: PAYMENT_DATA, metadata: METADATA },
      ]);
      const [fromStream] = await store().readStream(streamId);
      const [fromAll] = await store().readAll({ fromPosition: position, maxCount: 1 });
      for (const event of [fromStream, fromAll]) {
        expect(event).toMatchObject({
          id,
          type: 'PaymentRequested',
          streamId,
          revision: 0n,
          position,
        });
        expect(event?.data).toEqual(PAYMENT_DATA);
        expect(event?.metadata).toEqual(METADATA);
        expect(event?.created).toBeInstanceOf(Date);
        expect(Number.isNaN(event?.created.getTime())).toBe(false);
      }
    });

    it('given an event without metadata or id, then it reads back with empty metadata and a generated id', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, [{ type: 'Bare', data: [1, 'two', null] }]);
      const [event] = await store().readStream(streamId);
      expect(event?.metadata).toEqual({});
      expect(event?.data).toEqual([1, 'two', null]);
      expect(event?.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('given a read event, when the reader changes it, then the store does not', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, [anEvent('Mutable', { n: 1 })]);
      const [first] = await store().readStream(streamId);
      (first?.data as { n: number }).n = 2;
      const [again] = await store().readStream(streamId);
      expect(again?.data).toEqual({ n: 1 });
    });
  });

  describe('bigints', () => {
    it('given an append, then revisions and positions are bigints', async () => {
      const streamId = uniqueStream();
      const result = await store().appendToStream(streamId, [anEvent()]);
      const [event] = await store().readStream(streamId);
      expect(typeof result.nextExpectedRevision).toBe('bigint');
      expect(typeof result.position.commit).toBe('bigint');
      expect(typeof result.position.prepare).toBe('bigint');
      expect(typeof event?.revision).toBe('bigint');
      expect(typeof event?.position.commit).toBe('bigint');
    });

    it('given revisions and positions beyond 2^53, then they are handled without loss of precision', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, [anEvent()]);
      const huge = 2n ** 62n + 1n;
      const refusal: unknown = await store()
        .appendToStream(streamId, [anEvent()], { expectedRevision: huge })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
      expect(refusal).toMatchObject({ expectedRevision: huge, actualRevision: 0n });
      expect(await store().readStream(streamId, { fromRevision: huge })).toEqual([]);
      expect(await store().readAll({ fromPosition: { commit: huge, prepare: huge } })).toEqual([]);
    });
  });
}
