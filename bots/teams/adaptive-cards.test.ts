import { describe, expect, it } from 'vitest';
import { availabilityForm } from '../../core/commands/forms/availability.form.ts';
import { proposeForm } from '../../core/commands/forms/propose.form.ts';
import { actions, heading, image, list, notice, reply, sections, text } from '../../core/commands/reply.ts';
import { cardActivity, renderCard } from './adaptive-cards.ts';
import { TEAMS_CARD_LIMITS, utf16Bytes } from './card-limits.ts';
import { formCard, formValuesOf } from './form-cards.ts';

describe('renderCard: a Reply as an Adaptive Card 1.5', () => {
  it('renders headings, text, notices and buttons with their action token', () => {
    const card = renderCard(
      reply(
        heading('Session proposed'),
        text('Ana and Ben, Tue 8 Dec 15:00'),
        notice('success', 'Saved'),
        actions([
          {
            id: 'accept',
            label: 'Accept',
            token: 'sa1.aaaaaaaaaaaaaaaaaaaaaa',
            style: 'primary',
            invoke: { command: 'session.accept', input: {} },
          },
          { id: 'decline', label: 'Decline', token: 'sa1.bbbbbbbbbbbbbbbbbbbbbb', style: 'danger' },
          { id: 'lost', label: 'Not routable' },
        ]),
      ),
      { updatesInPlace: (action) => action.invoke?.command === 'session.accept' },
    );
    expect(card).toEqual({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      msteams: { width: 'Full' },
      body: [
        {
          type: 'TextBlock',
          text: 'Session proposed',
          wrap: true,
          size: 'Large',
          weight: 'Bolder',
          style: 'heading',
        },
        { type: 'TextBlock', text: 'Ana and Ben, Tue 8 Dec 15:00', wrap: true },
        { type: 'TextBlock', text: '✅ Saved', wrap: true, color: 'Good' },
        {
          type: 'ActionSet',
          actions: [
            {
              type: 'Action.Submit',
              title: 'Accept',
              data: { sa: 'sa1.aaaaaaaaaaaaaaaaaaaaaa', inPlace: true },
              style: 'positive',
            },
            {
              type: 'Action.Submit',
              title: 'Decline',
              data: { sa: 'sa1.bbbbbbbbbbbbbbbbbbbbbb' },
              style: 'destructive',
            },
          ],
        },
        { type: 'TextBlock', text: '… and 1 more actions', wrap: true, isSubtle: true },
      ],
    });
  });

  it('shows a picture only from a public https URL, else its alt text', () => {
    const https = renderCard(reply(image('https://align.example.com/img/timeline/x.png', 'Week of Ana')));
    expect(https.body[0]).toEqual({
      type: 'Image',
      url: 'https://align.example.com/img/timeline/x.png',
      altText: 'Week of Ana',
      size: 'Stretch',
    });
    const local = renderCard(reply(image('http://localhost:3000/img/timeline/x.png', 'Week of Ana')));
    expect(local.body[0]).toMatchObject({ type: 'TextBlock', text: '🖼 Week of Ana' });
  });

  it('keeps every message under 40 KB as UTF-16, dropping the lowest sections and saying how many', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({
      title: `Suggestion ${i + 1}: ✨ co-writer`,
      lines: ['Why: shared genres, complementary roles, both free Tue 15:00-18:00 '.repeat(4)],
      actions: [{ id: `p${i}`, label: 'Propose', token: `sa1.${String(i).padStart(22, 'x')}` }],
    }));
    const card = renderCard(
      reply(heading('Suggestions'), list(items), notice('info', 'Narrow with genre:pop')),
    );
    const activity = cardActivity(card, 'Suggestions');
    expect(utf16Bytes(activity)).toBeLessThanOrEqual(TEAMS_CARD_LIMITS.messageBytes);
    const texts = JSON.stringify(card);
    expect(texts).toContain('Suggestion 1:');
    expect(texts).not.toContain('Suggestion 120:');
    const more = card.body.at(-1) as { text: string };
    expect(more.text).toMatch(/^… \d+ more, narrow the question$/);
    const shown = card.body.filter((element) => element.type === 'Container').length;
    expect(Number(/… (\d+) more/.exec(more.text)![1])).toBe(120 - shown);
    // The notice after the list stays.
    expect(texts).toContain('Narrow with genre:pop');
  });

  it('titles sections without numbers and rankings with them', () => {
    const ranked = renderCard(reply(list([{ title: 'Ana', lines: [] }])));
    const titled = renderCard(reply(sections([{ title: 'Monday', lines: ['10:00-13:00'] }])));
    expect(JSON.stringify(ranked)).toContain('"1. Ana"');
    expect(JSON.stringify(titled)).toContain('"Monday"');
    expect(JSON.stringify(titled)).not.toContain('1. Monday');
  });
});

describe('formCard: a platform-neutral form as Adaptive Card inputs', () => {
  it('renders the availability form with a submit that names it', () => {
    const card = formCard(availabilityForm().form);
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Save', style: 'positive', data: { submitForm: 'availability' } },
    ]);
    expect(card.body).toContainEqual({
      type: 'Input.Text',
      id: 'day.mon',
      label: 'Monday',
      placeholder: 'e.g. 10:00-13:00, 14:00-18:00',
      maxLength: 100,
    });
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'Input.Date', id: 'oneoff.date' }));
    expect(card.body).toContainEqual(
      expect.objectContaining({ type: 'Input.ChoiceSet', id: 'oneoff.kind', value: 'off', style: 'compact' }),
    );
  });

  it('shows a field’s problem beside it and keeps what was typed', () => {
    const card = formCard(availabilityForm().form, {
      values: { 'day.tue': '25:00-26:00' },
      errors: { 'day.tue': 'Tuesday: not a time range' },
    });
    const index = card.body.findIndex((element) => element.id === 'day.tue');
    expect(card.body[index]).toMatchObject({ value: '25:00-26:00' });
    expect(card.body[index + 1]).toMatchObject({
      type: 'TextBlock',
      text: '❌ Tuesday: not a time range',
      color: 'Attention',
    });
  });

  it('reads a submission: multi-selects split, a date and time joined in the person’s zone, unknown keys ignored', () => {
    const form = proposeForm().form;
    const values = formValuesOf(
      form,
      {
        submitForm: 'propose',
        participants: '@ana, ben',
        'start.date': '2026-12-08',
        'start.time': '15:00',
        duration: '120',
        sneaky: 'x',
      },
      'Europe/London',
    );
    expect(values).toMatchObject({
      participants: ['ana', 'ben'],
      start: Date.parse('2026-12-08T15:00:00Z') / 1000,
      duration: '120',
    });
    expect(values).not.toHaveProperty('sneaky');
  });
});

describe('messageWords: what a Teams message says', () => {
  it('takes off the bot’s mention and turns other mentions into @handles (or @names)', async () => {
    const { messageWords } = await import('./teams-activity.ts');
    const activity = {
      text: '<at>Session Align</at> pair <at>Ana Lopez</at> <at>Zed Ray</at>&nbsp;next week',
      recipient: { id: '28:bot' },
      entities: [
        { type: 'mention', text: '<at>Session Align</at>', mentioned: { id: '28:bot' } },
        { type: 'mention', text: '<at>Ana Lopez</at>', mentioned: { id: '29:ana', aadObjectId: 'aad-ana' } },
        { type: 'mention', text: '<at>Zed Ray</at>', mentioned: { id: '29:zed', aadObjectId: 'aad-zed' } },
      ],
    };
    expect(messageWords(activity, new Map([['aad-ana', 'ana-lopez']]))).toBe(
      'pair @ana-lopez @zed-ray next week',
    );
  });
});
