import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  actions,
  type Block,
  divider,
  fields,
  heading,
  image,
  list,
  notice,
  privateReply,
  type Reply,
  reply,
  sections,
  text,
} from '../../core/commands/reply.ts';
import { renderReply } from './blocks.ts';
import { MAX_INLINE_BUTTONS } from './limits.ts';
import { blockKitProblems } from './limits-check.ts';

const propose: Action = {
  id: 'propose',
  label: 'Propose',
  token: 'sa1./session propose @ana @ben',
  style: 'primary',
};

describe('renderReply: real shapes', () => {
  it('renders a roster reply (heading, list, and the rest counted)', () => {
    const rendered = renderReply(
      reply(
        heading('Roster: 12 creators'),
        list([{ title: 'Ana Silva (@ana)', lines: ['topliner · pop, r&b', 'Lisbon · Europe/Lisbon'] }], 11),
      ),
    );
    expect(rendered).toEqual({
      text: 'Roster: 12 creators',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Roster: 12 creators', emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '1. *Ana Silva (@ana)*\ntopliner · pop, r&amp;b\nLisbon · Europe/Lisbon',
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '… and 11 more' }] },
      ],
    });
  });

  it('renders fields, notices, dividers and a suggestion with its buttons', () => {
    const rendered = renderReply(
      privateReply(
        fields([{ label: 'Role', value: 'Admin' }]),
        notice('success', 'Proposed <3'),
        divider(),
        list([
          {
            title: 'Ana + Ben — 87',
            lines: ['Shared: pop'],
            actions: [propose, { id: 'more', label: 'More like this', token: 'sa1./pair @ana' }],
          },
          {
            title: 'Cleo',
            lines: [],
            actions: [{ id: 'not-now', label: 'Not now', token: 'sa1./pair skip @cleo' }],
          },
        ]),
      ),
    );
    expect(rendered.blocks).toEqual([
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Role*\nAdmin' }] },
      { type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: Proposed &lt;3' } },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: '1. *Ana + Ben — 87*\nShared: pop' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'sa.1',
            text: { type: 'plain_text', text: 'Propose', emoji: true },
            value: 'sa1./session propose @ana @ben',
            style: 'primary',
          },
          {
            type: 'button',
            action_id: 'sa.2',
            text: { type: 'plain_text', text: 'More like this', emoji: true },
            value: 'sa1./pair @ana',
          },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '2. *Cleo*' },
        accessory: {
          type: 'button',
          action_id: 'sa.3',
          text: { type: 'plain_text', text: 'Not now', emoji: true },
          value: 'sa1./pair skip @cleo',
        },
      },
    ]);
  });

  it('puts actions past the fifth into an overflow menu', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({
      id: `a${i}`,
      label: `Action ${i}`,
      token: `sa1./help ${i}`,
    }));
    const [block] = renderReply(reply(actions(many))).blocks;
    expect(block).toMatchObject({ type: 'actions' });
    const elements = (block as { elements: { type: string }[] }).elements;
    expect(elements.map((e) => e.type)).toEqual([
      ...Array(MAX_INLINE_BUTTONS - 1).fill('button'),
      'overflow',
    ]);
    expect(elements.at(-1)).toEqual({
      type: 'overflow',
      action_id: 'sa.5',
      options: [4, 5, 6, 7].map((i) => ({
        text: { type: 'plain_text', text: `Action ${i}`, emoji: true },
        value: `sa1./help ${i}`,
      })),
    });
  });

  it('numbers rankings but not titled sections', () => {
    const rendered = renderReply(reply(sections([{ title: 'Weekly', lines: ['Mon 10:00-18:00'] }])));
    expect(rendered.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Weekly*\nMon 10:00-18:00' } },
    ]);
  });

  it('cuts a long list to fit 50 blocks and says how many more there are', () => {
    const items = Array.from({ length: 80 }, (_, i) => ({ title: `Creator ${i}`, lines: ['pop'] }));
    const rendered = renderReply(reply(heading('Roster'), list(items, 20)));
    expect(rendered.blocks).toHaveLength(50);
    expect(rendered.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… and 52 more' }],
    });
    const moreItems = Array.from({ length: 150 }, (_, i) => ({ title: `Creator ${i}`, lines: [] }));
    const view = renderReply(reply(list(moreItems)), { surface: 'view' }).blocks;
    expect(view).toHaveLength(100);
    expect(view.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… and 51 more' }] });
  });

  it('truncates long text to the documented lengths with an ellipsis', () => {
    const rendered = renderReply(reply(heading('h'.repeat(400)), text('&'.repeat(4000))));
    expect(blockKitProblems(rendered.blocks, 'message')).toEqual([]);
    const header = rendered.blocks[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    const body = (rendered.blocks[1] as { text: { text: string } }).text.text;
    expect(body).toMatch(/^(&amp;)+…$/);
  });

  it('leaves out a button whose value could not be routed back, and says so', () => {
    const rendered = renderReply(
      reply(actions([{ id: 'x', label: 'Huge', token: `sa1.${'x'.repeat(2100)}` }])),
    );
    expect(rendered.blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: '… and 1 more actions' }] },
    ]);
  });
});

describe('renderReply: pictures', () => {
  const url = 'https://align.example.com/img/timeline/AQEx.png?exp=1767225600&sig=abc';

  it('renders a picture at a public https URL as an image block', () => {
    const rendered = renderReply(reply(heading('Ana + Ben'), image(url, 'Week of free time: AS, BO')));
    expect(rendered.blocks[1]).toEqual({
      type: 'image',
      image_url: url,
      alt_text: 'Week of free time: AS, BO',
    });
    expect(blockKitProblems(rendered.blocks, 'message')).toEqual([]);
  });

  it('shows the alt text instead when Slack could not fetch the URL, since it would refuse the whole message', () => {
    for (const unreachable of [
      'http://localhost:3000/img/timeline/AQEx.png',
      'https://localhost/img/timeline/AQEx.png',
      'https://127.0.0.1/img/timeline/AQEx.png',
      'http://align.example.com/img/timeline/AQEx.png',
      `https://align.example.com/${'x'.repeat(3000)}`,
    ]) {
      expect(renderReply(reply(image(unreachable, 'Week of free time'))).blocks).toEqual([
        { type: 'context', elements: [{ type: 'mrkdwn', text: '🖼 Week of free time' }] },
      ]);
    }
  });

  it('checks image URLs and alt text against their limits', () => {
    expect(
      blockKitProblems(
        [
          { type: 'image', image_url: `https://a.example/${'x'.repeat(3000)}`, alt_text: 'x'.repeat(2001) },
          { type: 'image', image_url: 'ftp://a.example/x.png', alt_text: '' },
        ],
        'message',
      ),
    ).toEqual([
      'blocks[0] image image_url: 3018 > 3000',
      'blocks[0] image alt_text: 2001 > 2000',
      'blocks[1] image image_url: not an http(s) URL',
      'blocks[1] image alt_text: empty or missing',
    ]);
  });
});

describe('renderReply: any Reply stays within Slack limits', () => {
  const label = fc.string({ maxLength: 120 });
  const longText = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 2900, maxLength: 3500 }));
  const action = fc
    .record({
      id: fc.string({ minLength: 1, maxLength: 300 }),
      label,
      token: fc.oneof(
        fc.string({ minLength: 1, maxLength: 40 }).map((s) => `sa1.${s}`),
        fc.string({ minLength: 140, maxLength: 2100 }).map((s) => `sa1.${s}`),
      ),
      style: fc.constantFrom(undefined, 'primary' as const, 'danger' as const),
    })
    .map(({ style, ...rest }): Action => (style ? { ...rest, style } : rest));
  const block: fc.Arbitrary<Block> = fc.oneof(
    label.map(heading),
    longText.map(text),
    fc.array(fc.record({ label, value: longText }), { maxLength: 25 }).map(fields),
    fc
      .tuple(
        fc.array(
          fc.record({
            title: label,
            lines: fc.array(longText, { maxLength: 3 }),
            actions: fc.option(fc.array(action, { maxLength: 8 }), { nil: undefined }),
          }),
          { maxLength: 40 },
        ),
        fc.nat({ max: 500 }),
      )
      .map(([items, more]) => list(items, more)),
    fc.array(action, { minLength: 1, maxLength: 40 }).map(actions),
    fc
      .tuple(
        fc.constantFrom('info' as const, 'success' as const, 'warning' as const, 'error' as const),
        longText,
      )
      .map(([tone, value]) => notice(tone, value)),
    fc.constant(divider()),
    fc
      .tuple(
        fc.oneof(
          fc.constant('https://align.example.com/img/timeline/AQE.png?exp=1&sig=x'),
          fc.string({ minLength: 2990, maxLength: 3100 }).map((s) => `https://align.example.com/${s}`),
          fc.constant('http://localhost:3000/img/timeline/AQE.png'),
        ),
        fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 1990, maxLength: 2100 })),
      )
      .map(([url, alt]) => image(url, alt)),
  );
  const anyReply: fc.Arbitrary<Reply> = fc.array(block, { maxLength: 30 }).map((blocks) => ({ blocks }));

  it('renders every random Reply within the documented limits, for messages and views', () => {
    fc.assert(
      fc.property(anyReply, fc.constantFrom('message' as const, 'view' as const), (generated, surface) => {
        const rendered = renderReply(generated, { surface });
        expect(blockKitProblems(rendered.blocks, surface)).toEqual([]);
        expect(rendered.text.length).toBeGreaterThan(0);
        expect(rendered.text.length).toBeLessThanOrEqual(3000);
      }),
      { numRuns: 300 },
    );
  });
});
