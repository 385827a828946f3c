import { describe, expect, it } from 'vitest';
import { type CampaignDraft, planCampaignPromotion } from './campaign.ts';

const t = (hhmm: string, day = 10) => Date.parse(`2026-03-${String(day).padStart(2, '0')}T${hhmm}:00Z`);
const nowMs = t('08:00', 1);
const draft = (
  draftId: string,
  from: string,
  to: string,
  people: string[],
  roomId: string | null = null,
  day = 10,
) =>
  ({
    draftId,
    startMs: t(from, day),
    endMs: t(to, day),
    participantUserIds: people,
    roomId,
  }) satisfies CampaignDraft;
const noBusy = { byUser: new Map(), byRoom: new Map() };

describe('planCampaignPromotion', () => {
  it('promotes everything when nothing clashes', () => {
    const drafts = [
      draft('d1', '10:00', '13:00', ['ana', 'ben'], 'room-a'),
      draft('d2', '14:00', '17:00', ['ana', 'cleo'], 'room-a'),
    ];
    expect(planCampaignPromotion({ drafts, busy: noBusy, nowMs })).toEqual({
      canPromoteAll: true,
      promotable: ['d1', 'd2'],
      blocked: [],
    });
  });

  it('reports clashes with existing bookings and between drafts', () => {
    const drafts = [
      draft('d1', '10:00', '13:00', ['ana', 'ben'], 'room-a'),
      draft('d2', '12:00', '15:00', ['ana', 'cleo'], 'room-a'),
      draft('d3', '12:00', '15:00', ['dan', 'eve'], 'room-b'),
      draft('d4', '10:00', '12:00', ['fay', 'gus'], 'room-c', 11),
    ];
    const busy = {
      byUser: new Map([['eve', [{ startMs: t('14:00'), endMs: t('16:00') }]]]),
      byRoom: new Map([['room-c', [{ startMs: t('09:00', 11), endMs: t('10:00', 11) }]]]),
    };
    const overlap = { startMs: t('12:00'), endMs: t('13:00') };
    expect(planCampaignPromotion({ drafts, busy, nowMs })).toEqual({
      canPromoteAll: false,
      promotable: ['d4'],
      blocked: [
        {
          draftId: 'd1',
          problems: [
            {
              kind: 'draft_clash',
              otherDraftId: 'd2',
              resource: { kind: 'participant', userId: 'ana' },
              overlap,
            },
            {
              kind: 'draft_clash',
              otherDraftId: 'd2',
              resource: { kind: 'room', roomId: 'room-a' },
              overlap,
            },
          ],
        },
        {
          draftId: 'd2',
          problems: [
            {
              kind: 'draft_clash',
              otherDraftId: 'd1',
              resource: { kind: 'participant', userId: 'ana' },
              overlap,
            },
            {
              kind: 'draft_clash',
              otherDraftId: 'd1',
              resource: { kind: 'room', roomId: 'room-a' },
              overlap,
            },
          ],
        },
        {
          draftId: 'd3',
          problems: [
            {
              kind: 'busy',
              conflict: {
                resource: { kind: 'participant', userId: 'eve' },
                overlap: { startMs: t('14:00'), endMs: t('15:00') },
                busy: { startMs: t('14:00'), endMs: t('16:00') },
              },
            },
          ],
        },
      ],
    });
  });

  it('reports invalid drafts', () => {
    const drafts = [
      draft('past', '10:00', '11:00', ['ana', 'ben'], null, 1),
      draft('backwards', '11:00', '10:00', ['ana', 'ben']),
      draft('solo', '10:00', '11:00', ['ana']),
      draft('twice', '10:00', '11:00', ['ben', 'ben']),
    ];
    const plan = planCampaignPromotion({ drafts, busy: noBusy, nowMs: t('12:00', 1) });
    expect(plan.canPromoteAll).toBe(false);
    expect(
      plan.blocked.map((b) => [b.draftId, b.problems.map((p) => (p.kind === 'invalid' ? p.reason : p.kind))]),
    ).toEqual([
      ['past', ['the start is in the past']],
      ['backwards', ['the end must be after the start']],
      ['solo', ['a session needs at least two participants']],
      ['twice', ['a session needs at least two participants', 'someone is listed twice']],
    ]);
  });

  it('an empty campaign has nothing to promote', () => {
    expect(planCampaignPromotion({ drafts: [], busy: noBusy, nowMs }).canPromoteAll).toBe(false);
  });
});
