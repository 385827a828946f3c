import type { Action, Block, ListItem, Reply } from '../../core/commands/reply.ts';
import { isPublicHttps } from '../runtime/public-url.ts';
import type {
  ActionElement,
  ButtonElement,
  Mrkdwn,
  PlainText,
  SlackBlock,
  SlackMessage,
} from './block-kit.types.ts';
import { SLACK_LIMITS as L, MAX_INLINE_BUTTONS, truncate } from './limits.ts';

export { isPublicHttps };

/** Every action_id we emit starts with this, so one Bolt listener routes every button and overflow menu. */
export const ACTION_ID_PREFIX = 'sa.';
/** A button whose press opens a form: `form:profile`. */
export const FORM_VALUE_PREFIX = 'form:';

export interface RenderOptions {
  /** `message`: 50 blocks (chat messages, slash command answers); `view`: 100 (modals, App Home). */
  surface?: 'message' | 'view';
}

const TONE_EMOJI = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
} as const;

/**
 * Renders a platform-neutral Reply as Block Kit within Slack's limits. Content that does not fit is
 * cut from the end and replaced by one "… and N more" line; buttons carry their command line in
 * `value`, so a press is routed like a typed command.
 *
 * @example
 * renderReply(reply(heading('Roster'), text('Ana'))).blocks
 * // [{ type: 'header', text: { type: 'plain_text', text: 'Roster', emoji: true } }, { type: 'section', … }]
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const maxBlocks = options.surface === 'view' ? L.viewBlocks : L.messageBlocks;
  const ids = actionIds();
  // Each unit is a group of Slack blocks that only make sense together (a list item and its buttons).
  const units = reply.blocks.flatMap((block) => renderUnits(block, ids));
  const blocks: SlackBlock[] = [];
  let omittedItems = 0;
  let omittedOther = 0;
  for (const [index, unit] of units.entries()) {
    const isLast = index === units.length - 1;
    const room = maxBlocks - blocks.length - (isLast ? 0 : 1);
    if (omittedItems + omittedOther === 0 && unit.blocks.length <= room) {
      blocks.push(...unit.blocks);
      continue;
    }
    if (unit.itemCount > 0 || unit.moreCount > 0) omittedItems += unit.itemCount + unit.moreCount;
    else if (unit.blocks.some((b) => b.type !== 'divider')) omittedOther += 1;
  }
  if (omittedItems + omittedOther > 0) {
    const what = omittedOther > 0 ? ' (cut to fit in Slack)' : '';
    blocks.push(context(`… and ${omittedItems + omittedOther} more${what}`));
  }
  return { text: fallbackText(reply), blocks };
}

interface Unit {
  blocks: SlackBlock[];
  /** List items this unit shows (for "and N more" when it has to go). */
  itemCount: number;
  /** Items the command already left out (`moreCount`). */
  moreCount: number;
}

const unit = (blocks: SlackBlock[], itemCount = 0, moreCount = 0): Unit => ({ blocks, itemCount, moreCount });

function renderUnits(block: Block, ids: () => string): Unit[] {
  switch (block.kind) {
    case 'heading':
      return block.text.trim() ? [unit([{ type: 'header', text: plain(block.text, L.headerText) }])] : [];
    case 'text':
      return block.text.trim() ? [unit([section(block.text)])] : [];
    case 'fields': {
      const units: Unit[] = [];
      for (let start = 0; start < block.fields.length; start += L.sectionFields) {
        const chunk = block.fields.slice(start, start + L.sectionFields);
        const fields = chunk.map((field) =>
          mrkdwn(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, L.fieldText),
        );
        units.push(unit([{ type: 'section', fields }]));
      }
      return units;
    }
    case 'list': {
      // Rankings and numbered lists read as "1. …" like the console; titled sections do not.
      const number = (index: number) => (block.isNumbered === false ? '' : `${index + 1}. `);
      const units = block.items.map((item, index) => unit(renderListItem(item, ids, number(index)), 1));
      if (block.moreCount) units.push(unit([context(`… and ${block.moreCount} more`)], 0, block.moreCount));
      return units;
    }
    case 'actions':
      return block.actions.length > 0 ? [unit(renderActions(block.actions, ids))] : [];
    case 'notice':
      return [
        unit([
          {
            type: 'section',
            text: mrkdwn(`${TONE_EMOJI[block.tone]} ${escapeMrkdwn(block.text)}`, L.sectionText),
          },
        ]),
      ];
    case 'divider':
      return [unit([{ type: 'divider' }])];
    case 'image':
      return [unit([renderImage(block.url, block.alt)])];
  }
}

/**
 * An image block when Slack can fetch the URL, else the alt text. Slack downloads `image_url` while
 * it accepts the message and refuses the whole message (`invalid_blocks`, "downloading image
 * failed") when it cannot, so only a public https URL within the limit becomes an image:
 * https://docs.slack.dev/reference/block-kit/blocks/image-block
 */
function renderImage(url: string, alt: string): SlackBlock {
  const altText = truncate(alt.trim() || 'A picture', L.imageAltText);
  if (url.length <= L.imageUrl && isPublicHttps(url))
    return { type: 'image', image_url: url, alt_text: altText };
  return context(`🖼 ${altText}`);
}

function renderListItem(item: ListItem, ids: () => string, prefix: string): SlackBlock[] {
  const title = item.title.trim() ? [`${prefix}*${escapeMrkdwn(item.title)}*`] : [];
  const body = [...title, ...item.lines.map(escapeMrkdwn)].join('\n');
  const text = mrkdwn(body.trim() ? body : '…', L.sectionText);
  const actions = (item.actions ?? []).filter(isRoutable);
  if (actions.length === 1) return [{ type: 'section', text, accessory: button(actions[0]!, ids()) }];
  if (actions.length === 0) return [{ type: 'section', text }];
  return [{ type: 'section', text }, ...renderActions(actions, ids)];
}

/**
 * Up to MAX_INLINE_BUTTONS buttons in a row; past that, the first ones stay buttons and the rest go
 * into an overflow menu (whose option values are capped at 150 characters, so long commands stay buttons).
 */
export function renderActions(all: readonly Action[], ids: () => string): SlackBlock[] {
  const actions = all.filter(isRoutable);
  const unroutable = all.length - actions.length;
  const elements: ActionElement[] = [];
  if (actions.length <= MAX_INLINE_BUTTONS) {
    elements.push(...actions.map((action) => button(action, ids())));
  } else {
    const inline = actions.slice(0, MAX_INLINE_BUTTONS - 1);
    const rest = actions.slice(MAX_INLINE_BUTTONS - 1);
    const menu = rest
      .filter((action) => buttonValueOf(action).length <= L.optionValue)
      .slice(0, L.overflowOptionsMax);
    const asButtons = rest.filter((action) => !menu.includes(action));
    elements.push(...inline.map((action) => button(action, ids())));
    if (menu.length >= L.overflowOptionsMin) elements.push(overflow(menu, ids()));
    else asButtons.unshift(...menu);
    const room = L.actionsElements - elements.length;
    elements.push(...asButtons.slice(0, room).map((action) => button(action, ids())));
    const dropped = Math.max(0, asButtons.length - room) + unroutable;
    if (dropped > 0) return [{ type: 'actions', elements }, context(`… and ${dropped} more actions`)];
  }
  const blocks: SlackBlock[] = elements.length > 0 ? [{ type: 'actions', elements }] : [];
  if (unroutable > 0) blocks.push(context(`… and ${unroutable} more actions`));
  return blocks;
}

/**
 * What a press sends back: the stored action's token, or the form it opens. A button with neither
 * (a reply not finished for a viewer) cannot be routed back and is left out.
 */
const buttonValueOf = (action: Action) =>
  action.token ?? (action.opensForm ? `${FORM_VALUE_PREFIX}${action.opensForm}` : '');

/** A value longer than a button holds could not be routed back; better to leave it out than to cut it. */
const isRoutable = (action: Action) =>
  buttonValueOf(action).length > 0 && buttonValueOf(action).length <= L.buttonValue;

function button(action: Action, actionId: string): ButtonElement {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(action.label, L.buttonText),
    value: buttonValueOf(action),
    ...(action.style ? { style: action.style } : {}),
  };
}

function overflow(actions: readonly Action[], actionId: string): ActionElement {
  return {
    type: 'overflow',
    action_id: actionId,
    options: actions.map((action) => ({
      text: plain(action.label, L.optionText),
      value: buttonValueOf(action),
    })),
  };
}

/** Unique action ids per rendered payload: `sa.1`, `sa.2`, … */
function actionIds(): () => string {
  let next = 0;
  return () => `${ACTION_ID_PREFIX}${++next}`;
}

function section(value: string): SlackBlock {
  return { type: 'section', text: mrkdwn(escapeMrkdwn(value), L.sectionText) };
}

function context(value: string): SlackBlock {
  return { type: 'context', elements: [mrkdwn(escapeMrkdwn(value), L.sectionText)] };
}

function plain(value: string, max: number): PlainText {
  return { type: 'plain_text', text: truncate(value.trim() || '…', max), emoji: true };
}

/** Cuts already-escaped text without leaving half an entity (`&am…`) behind. */
function mrkdwn(value: string, max: number): Mrkdwn {
  let text = truncate(value, max);
  const broken = /&[a-z]{0,3}…$/.exec(text);
  if (broken) text = `${text.slice(0, broken.index)}…`;
  return { type: 'mrkdwn', text };
}

/** Slack mrkdwn needs only these three escaped: https://docs.slack.dev/messaging/formatting-message-text#escaping */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fallbackText(reply: Reply): string {
  for (const block of reply.blocks) {
    if ((block.kind === 'heading' || block.kind === 'text' || block.kind === 'notice') && block.text.trim()) {
      return truncate(block.text, L.fallbackText);
    }
    if (block.kind === 'list' && block.items[0]?.title.trim())
      return truncate(block.items[0].title, L.fallbackText);
  }
  return 'Session Align';
}

/** The message with each image block as its alt text: what to send when Slack could not fetch a picture. */
export function withoutImages(message: SlackMessage): SlackMessage {
  return {
    ...message,
    blocks: message.blocks.map((block) =>
      block.type === 'image'
        ? context(String((block as { alt_text?: unknown }).alt_text ?? 'A picture'))
        : block,
    ),
  };
}
