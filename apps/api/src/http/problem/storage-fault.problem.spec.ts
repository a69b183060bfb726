import { StorageUnavailableError } from '@lib/event-store';
import { storageProblemOf } from './storage-fault.problem';

describe('Storage faults as problems (issue 13)', () => {
  const sqlite = (code: string) => Object.assign(new Error('database or disk is full'), { code });

  it.each([
    ['SQLITE_FULL', '30'],
    ['SQLITE_READONLY', '30'],
    ['SQLITE_IOERR_FSYNC', '30'],
    ['SQLITE_BUSY', '1'],
  ])('given %s, then it is 503 STORAGE_UNAVAILABLE with Retry-After %s', (code, retryAfter) => {
    const problem = storageProblemOf(sqlite(code));
    expect(problem?.getStatus()).toBe(503);
    expect(problem?.problem).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(problem?.problem.message).toMatch(/[가-힣]/);
    expect(problem?.headers).toEqual({ 'Retry-After': retryAfter });
  });

  it('given a fault a service wrapped as the cause of its own error, then it is still found', () => {
    const fault = new StorageUnavailableError('FULL', 'SQLITE_FULL', 'full');
    const wrapped = new Error('could not record the outcome', { cause: fault });
    expect(storageProblemOf(wrapped)?.getStatus()).toBe(503);
  });

  it('says nothing of the fault to the client: no detail, the storage code only in the log', () => {
    const problem = storageProblemOf(sqlite('SQLITE_FULL'));
    expect(JSON.stringify(problem?.problem)).not.toMatch(/SQLITE|disk is full/);
  });

  it.each([
    ['a bug', new Error('a bug')],
    ['a constraint', sqlite('SQLITE_CONSTRAINT_UNIQUE')],
    ['a corrupt file (no retry gets past it)', sqlite('SQLITE_CORRUPT')],
    ['a thrown string', 'x'],
  ])('given %s, then it is no storage problem (it stays a 500)', (_what, thrown) => {
    expect(storageProblemOf(thrown)).toBeUndefined();
  });
});
