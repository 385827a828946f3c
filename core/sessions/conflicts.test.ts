import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProposedTime, conflictError, findAlternatives, findConflicts } from './conflicts.ts';
import { mergeIntervals } from './interval.ts';

const t = (hhmm: string, day = 10) => Date.parse(`2026-03-${String(day).padStart(2, '0')}T${hhmm}:00Z`);
const iv = (from: string, to: string, day = 10) => ({ startMs: t(from, day), endMs: t(to, day) });
const minute = 60_000;

const busy = {
  participants: [
    { userId: 'ana', busy: [iv('13:00', '15:30')] },
    { userId: 'ben', busy: [iv('17:00', '18:00'), iv('09:00', '10:00')] },
  ],
  room: { roomId: 'room-a', busy: [iv('14:00', '16:00')] },
};

describe('findConflicts', () => {
  it('names who or which room clashes and where', () => {
    expect(findConflicts(iv('15:00', '17:30'), busy)).toEqual([
      {
        resource: { kind: 'participant', userId: 'ana' },
        overlap: iv('15:00', '15:30'),
        busy: iv('13:00', '15:30'),
      },
      {
        resource: { kind: 'participant', userId: 'ben' },
        overlap: iv('17:00', '17:30'),
        busy: iv('17:00', '18:00'),
      },
      {
        resource: { kind: 'room', roomId: 'room-a' },
        overlap: iv('15:00', '16:00'),
        busy: iv('14:00', '16:00'),
      },
    ]);
  });

  it('treats intervals as half-open', () => {
    expect(findConflicts(iv('15:30', '17:00'), { participants: busy.participants })).toEqual([]);
    expect(findConflicts(iv('16:00', '17:00'), busy)).toEqual([]);
  });
});

describe('findAlternatives', () => {
  it('offers the nearest free grid slots, earlier first on a tie', () => {
    const alternatives = findAlternatives({
      startMs: t('15:00'),
      durationMinutes: 60,
      busy,
      notBeforeMs: t('00:00'),
    });
    expect(alternatives).toEqual([
      { ...iv('16:00', '17:00'), offsetMinutes: 60 },
      { ...iv('12:00', '13:00'), offsetMinutes: -180 },
      { ...iv('18:00', '19:00'), offsetMinutes: 180 },
    ]);
  });

  it('respects now, allowed windows, the horizon and the grid', () => {
    const later = findAlternatives({
      startMs: t('15:00'),
      durationMinutes: 60,
      busy,
      notBeforeMs: t('15:00'),
      maxResults: 2,
    });
    expect(later.map((a) => a.offsetMinutes)).toEqual([60, 180]);
    const inWindow = findAlternatives({
      startMs: t('15:00'),
      durationMinutes: 120,
      busy,
      notBeforeMs: t('00:00'),
      allowedWindows: [iv('10:00', '13:00'), iv('18:00', '22:00')],
      maxResults: 5,
    });
    expect(inWindow.map((a) => a.startMs)).toEqual([
      t('18:00'),
      t('18:15'),
      t('18:30'),
      t('18:45'),
      t('11:00'),
    ]);
    const none = findAlternatives({
      startMs: t('15:00'),
      durationMinutes: 60,
      busy: { participants: [{ userId: 'ana', busy: [iv('00:00', '23:59')] }] },
      notBeforeMs: t('00:00'),
      searchHorizonHours: 6,
    });
    expect(none).toEqual([]);
    const offGrid = findAlternatives({
      startMs: t('15:07'),
      durationMinutes: 30,
      busy,
      notBeforeMs: 0,
      gridMinutes: 30,
    });
    expect(offGrid.every((a) => a.startMs % (30 * minute) === 0)).toBe(true);
  });

  it('only ever returns free slots, and never skips a nearer one', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 1, max: 16 }))
      .map(([slot, length]) => ({
        startMs: t('00:00') + slot * 15 * minute,
        endMs: t('00:00') + (slot + length) * 15 * minute,
      }));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 8 }),
        fc.array(interval, { maxLength: 4 }),
        fc.integer({ min: 0, max: 96 }),
        fc.integer({ min: 1, max: 8 }),
        (anaBusy, roomBusy, slot, quarters) => {
          const search = {
            startMs: t('00:00') + slot * 15 * minute,
            durationMinutes: quarters * 15,
            busy: { participants: [{ userId: 'ana', busy: anaBusy }], room: { roomId: 'r', busy: roomBusy } },
            notBeforeMs: t('00:00'),
            searchHorizonHours: 12,
            maxResults: 3,
          };
          const found = findAlternatives(search);
          const isFree = (startMs: number) =>
            findConflicts({ startMs, endMs: startMs + search.durationMinutes * minute }, search.busy)
              .length === 0;
          // Brute force: every grid start in range, nearest first.
          const expected: number[] = [];
          for (let k = 1; k <= 48 && expected.length < 3; k++) {
            for (const startMs of [search.startMs - k * 15 * minute, search.startMs + k * 15 * minute]) {
              if (startMs >= search.notBeforeMs && isFree(startMs) && expected.length < 3)
                expected.push(startMs);
            }
          }
          expect(found.map((a) => a.startMs)).toEqual(expected);
        },
      ),
    );
  });
});

describe('checkProposedTime and conflictError', () => {
  it('returns alternatives only when something clashes', () => {
    const free = checkProposedTime({ startMs: t('10:00'), durationMinutes: 60, busy, notBeforeMs: 0 });
    expect(free).toEqual({ conflicts: [], alternatives: [] });
    const clash = checkProposedTime({ startMs: t('15:00'), durationMinutes: 60, busy, notBeforeMs: 0 });
    expect(clash.conflicts).toHaveLength(2);
    expect(clash.alternatives[0]?.startMs).toBe(t('16:00'));
    const error = conflictError(clash.conflicts, clash.alternatives);
    expect([error.code, error.message]).toEqual([
      'sessions.conflict',
      'That time is not free: 1 person is busy and the room is booked',
    ]);
    expect(error.details.alternatives).toEqual(clash.alternatives);
  });
});

describe('mergeIntervals', () => {
  it('merges overlapping and touching intervals without touching the input', () => {
    const input = [
      iv('12:00', '13:00'),
      iv('09:00', '10:00'),
      iv('10:00', '11:00'),
      iv('12:30', '12:45'),
      iv('14:00', '13:00'),
    ];
    const copy = structuredClone(input);
    expect(mergeIntervals(input)).toEqual([iv('09:00', '11:00'), iv('12:00', '13:00')]);
    expect(input).toEqual(copy);
  });
});
