import { DateTime } from 'luxon';
import { BUSINESS_ZONE, businessDate, isoInstant, parseIsoInstant } from '@lib/ledger';
import { BusinessDays, instantMs } from './instants';

/** What the projections computed with luxon before: the reference the fast paths must equal. */
function luxonMs(iso: string): number | 'throws' {
  return parseIsoInstant(iso)?.toMillis() ?? 'throws';
}

function ours(iso: string): number | 'throws' {
  try {
    return instantMs(iso);
  } catch {
    return 'throws';
  }
}

/** Instants every 7 h 13 min 17.123 s over three years, and the edges of KST days and months. */
function sampleInstants(): DateTime[] {
  const start = DateTime.fromISO('2026-01-01T00:00:00.000', { zone: BUSINESS_ZONE });
  const stepMs = ((7 * 60 + 13) * 60 + 17) * 1_000 + 123;
  const grid = Array.from({ length: 3_700 }, (_, i) => start.plus({ milliseconds: i * stepMs }));
  const edges = ['2026-12-31T23:59:59.999', '2027-01-01T00:00:00.000', '2028-02-29T12:00:00.000']
    .map((wallClock) => DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE }))
    .flatMap((instant) => [instant.minus({ milliseconds: 1 }), instant]);
  return [...grid, ...edges];
}

describe('Instants in the projections: the same answers as luxon, without luxon on the hot path', () => {
  it('given the instants the ledger writes (KST, milliseconds, offset), then instantMs equals luxon', () => {
    const isos = sampleInstants().map(isoInstant);
    expect(isos.map(ours)).toEqual(isos.map(luxonMs));
    expect(ours('2026-12-01T10:00:00.000+09:00')).toBe(Date.UTC(2026, 11, 1, 1));
  });

  it('given other ISO forms with an offset (Z, another offset, no milliseconds), then instantMs equals luxon', () => {
    const isos = [
      '2026-12-01T01:00:00.000Z',
      '2026-12-01T01:00:00Z',
      '2026-11-30T19:30:00.000-05:30',
      '2026-12-01T10:00:00+09:00',
      '2026-12-01T10:00+09:00',
      '2026-12-01T10:00:00.123456+09:00',
      '1969-12-31T23:59:59.999+00:00',
    ];
    expect(isos.map(ours)).toEqual(isos.map(luxonMs));
    expect(isos.map(ours)).not.toContain('throws');
  });

  it('given a string that is not an instant with an offset, then instantMs throws, as luxon refuses it', () => {
    const refused = [
      '2026-02-30T10:00:00.000+09:00',
      '2026-13-01T10:00:00.000+09:00',
      '2026-12-01T25:00:00.000+09:00',
      '2026-12-01T10:00:00.000',
      'yesterday',
    ];
    expect(refused.map(luxonMs)).toEqual(refused.map(() => 'throws'));
    expect(refused.map(ours)).toEqual(refused.map(() => 'throws'));
  });

  it('given instants in order and out of order, then BusinessDays gives the KST day businessDate gives (R14 list, R19 same day)', () => {
    const days = new BusinessDays();
    const instants = sampleInstants();
    const shuffled = [...instants.slice(100, 200).reverse(), ...instants];
    for (const instant of shuffled) {
      expect(days.dayOf(instant.toMillis())).toBe(businessDate(instant));
    }
  });

  it('given the last and the first millisecond of a KST day, then they fall on two days', () => {
    const days = new BusinessDays();
    const midnight = DateTime.fromISO('2026-12-02T00:00:00.000', { zone: BUSINESS_ZONE });
    expect(days.dayOf(midnight.toMillis() - 1)).toBe('2026-12-01');
    expect(days.dayOf(midnight.toMillis())).toBe('2026-12-02');
    expect(days.dayOf(midnight.toMillis() - 1)).toBe('2026-12-01');
  });
});
