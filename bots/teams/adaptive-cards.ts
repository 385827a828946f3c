import type { Action, Block, ListItem, Reply } from '../../core/commands/reply.ts';
import { isPublicHttps } from '../runtime/public-url.ts';
import { TEAMS_CARD_LIMITS as L, truncate, utf16Bytes } from './card-limits.ts';

/** An Adaptive Card element or action, as JSON (https://adaptivecards.io/explorer/). */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

/**
 * What a press sends back in `Action.Submit` data, and Teams posts to us as the message
 * activity's `value`: a stored action's token, a form to open, or a form submitted (with its inputs).
 */
export type SubmitData =
  | { sa: string; inPlace?: true }
  | { openForm: string }
  | { submitForm: string; [input: string]: unknown };

export interface CardRenderOptions {
  /** Whether a press of this button should update its card in place (writes: Accept, Decline, Confirm). */
  updatesInPlace?: (action: Action) => boolean;
}

const TONE = {
  info: { color: 'Default', mark: 'ℹ️' },
  success: { color: 'Good', mark: '✅' },
  warning: { color: 'Warning', mark: '⚠️' },
  error: { color: 'Attention', mark: '❌' },
} as const;

const MAX_CARD_BYTES = L.messageBytes - L.envelopeBytes;

/**
 * Renders a platform-neutral Reply as an Adaptive Card (schema 1.5) that fits in one Teams message:
 * when it would not, the lowest list items (the least relevant sections) go first and one line says
 * how many, "… 3 more, narrow the question". Buttons carry their action token in `Action.Submit`
 * data; a button that cannot be routed back (no token, no form) is left out.
 *
 * @example
 * renderCard(reply(heading('Roster'), text('Ana'))).body
 * // [{ type: 'TextBlock', text: 'Roster', size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }, …]
 */
export function renderCard(reply: Reply, options: CardRenderOptions = {}): AdaptiveCard {
  const units = reply.blocks.flatMap((block) => unitsOf(block, options));
  let kept = units;
  let dropped = 0;
  const build = (parts: readonly Unit[], more: number): AdaptiveCard => {
    const body: CardElement[] = [];
    let separateNext = false;
    for (const part of parts) {
      if (part.isDivider) {
        separateNext = true;
        continue;
      }
      for (const [index, element] of part.elements.entries())
        body.push(index === 0 && separateNext ? { ...element, separator: true, spacing: 'Medium' } : element);
      separateNext = false;
    }
    if (more > 0)
      body.push(textBlock(`… ${more} more, narrow the question`, { isSubtle: true, size: 'Small' }));
    return card(body.length > 0 ? body : [textBlock('Done.')]);
  };
  let rendered = build(kept, 0);
  while (utf16Bytes(rendered) > MAX_CARD_BYTES) {
    const lastItem = kept.findLastIndex((part) => part.itemCount > 0);
    if (lastItem < 0) break;
    dropped += kept[lastItem]!.itemCount + kept[lastItem]!.moreCount;
    kept = kept.toSpliced(lastItem, 1);
    rendered = build(kept, dropped);
  }
  // A reply with no list to shorten (one huge text) keeps its start.
  while (utf16Bytes(rendered) > MAX_CARD_BYTES && rendered.body.length > 1) {
    rendered = { ...rendered, body: rendered.body.slice(0, -2).concat(rendered.body.slice(-1)) };
  }
  return rendered;
}

/** Adaptive Card JSON for a card body: what the Bot Connector posts as the attachment's content. */
export function card(body: CardElement[], actions?: CardElement[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: L.schemaVersion,
    body,
    ...(actions?.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/** A message activity carrying one card, with `summary` for notifications and screen readers. */
export function cardActivity(rendered: AdaptiveCard, summary: string) {
  return {
    type: 'message' as const,
    summary: truncate(summary, 200),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: rendered }],
  };
}

/** The first words of a reply, for `summary`. */
export function summaryOf(reply: Reply): string {
  for (const block of reply.blocks) {
    if ((block.kind === 'heading' || block.kind === 'text' || block.kind === 'notice') && block.text.trim())
      return block.text;
    if (block.kind === 'list' && block.items[0]?.title.trim()) return block.items[0].title;
  }
  return 'Session Align';
}

interface Unit {
  elements: CardElement[];
  /** List items this unit shows, for "… N more" when it has to go. */
  itemCount: number;
  /** Items the command itself already left out. */
  moreCount: number;
  isDivider?: boolean;
}

const unit = (elements: CardElement[], itemCount = 0, moreCount = 0): Unit => ({
  elements,
  itemCount,
  moreCount,
});

function unitsOf(block: Block, options: CardRenderOptions): Unit[] {
  switch (block.kind) {
    case 'heading':
      return block.text.trim()
        ? [unit([textBlock(block.text, { size: 'Large', weight: 'Bolder', style: 'heading' })])]
        : [];
    case 'text':
      return block.text.trim() ? [unit([textBlock(block.text)])] : [];
    case 'fields': {
      const units: Unit[] = [];
      for (let start = 0; start < block.fields.length; start += L.facts) {
        const facts = block.fields
          .slice(start, start + L.facts)
          .map((field) => ({ title: truncate(field.label, 200), value: truncate(field.value, L.textBlock) }));
        units.push(unit([{ type: 'FactSet', facts }]));
      }
      return units;
    }
    case 'list': {
      const number = (index: number) => (block.isNumbered === false ? '' : `${index + 1}. `);
      const units = block.items.map((item, index) => unit(listItem(item, number(index), options), 1));
      if (block.moreCount)
        units.push(
          unit([textBlock(`… and ${block.moreCount} more`, { isSubtle: true })], 0, block.moreCount),
        );
      return units;
    }
    case 'actions': {
      const set = actionSet(block.actions, options);
      return set.length > 0 ? [unit(set)] : [];
    }
    case 'notice': {
      const tone = TONE[block.tone];
      return [unit([textBlock(`${tone.mark} ${block.text}`, { color: tone.color })])];
    }
    case 'divider':
      return [{ elements: [], itemCount: 0, moreCount: 0, isDivider: true }];
    case 'image':
      return [unit([image(block.url, block.alt)])];
  }
}

function listItem(item: ListItem, prefix: string, options: CardRenderOptions): CardElement[] {
  const items: CardElement[] = [];
  if (item.title.trim()) items.push(textBlock(`${prefix}${item.title}`, { weight: 'Bolder' }));
  if (item.lines.length > 0) items.push(textBlock(item.lines.join('\n'), { spacing: 'Small' }));
  items.push(...actionSet(item.actions ?? [], options));
  return [{ type: 'Container', spacing: 'Medium', items: items.length > 0 ? items : [textBlock('…')] }];
}

/**
 * Buttons in rows Teams shows whole: an ActionSet of at most six, then the next; buttons that
 * cannot be routed back are left out and counted.
 */
function actionSet(all: readonly Action[], options: CardRenderOptions): CardElement[] {
  const buttons = all.flatMap((action) => {
    const data = submitDataOf(action, options);
    return data ? [submit(action, data)] : [];
  });
  const sets: CardElement[] = [];
  for (let start = 0; start < buttons.length; start += L.actionsPerSet)
    sets.push({ type: 'ActionSet', actions: buttons.slice(start, start + L.actionsPerSet) });
  const unroutable = all.length - buttons.length;
  if (unroutable > 0) sets.push(textBlock(`… and ${unroutable} more actions`, { isSubtle: true }));
  return sets;
}

/** What a press of this button posts back, or undefined when it cannot be routed. */
export function submitDataOf(action: Action, options: CardRenderOptions = {}): SubmitData | undefined {
  if (action.token)
    return options.updatesInPlace?.(action) ? { sa: action.token, inPlace: true } : { sa: action.token };
  if (action.opensForm) return { openForm: action.opensForm };
  return undefined;
}

function submit(action: Action, data: SubmitData): CardElement {
  return {
    type: 'Action.Submit',
    title: truncate(action.label.trim() || '…', L.buttonTitle),
    data,
    ...(action.style === 'primary'
      ? { style: 'positive' }
      : action.style === 'danger'
        ? { style: 'destructive' }
        : {}),
  };
}

/**
 * An Image when Teams can fetch the URL (a public https URL: Teams' clients load card images over
 * https only), else its alt text, like the Slack renderer.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#images
 */
function image(url: string, alt: string): CardElement {
  const altText = truncate(alt.trim() || 'A picture', 1000);
  if (isPublicHttps(url) && url.length <= 2048) return { type: 'Image', url, altText, size: 'Stretch' };
  return textBlock(`🖼 ${altText}`, { isSubtle: true });
}

/**
 * A wrapped TextBlock. Teams reads its text as a small Markdown subset (bold, italic, lists, links);
 * our text is plain and Teams has no documented escape, so it is sent as it is.
 */
export function textBlock(value: string, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: truncate(value, L.textBlock), wrap: true, ...style };
}
