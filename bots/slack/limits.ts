/**
 * Slack's documented Block Kit limits, as data. The renderer reads them, the tests check every
 * rendered payload against them. Sources:
 * https://docs.slack.dev/reference/block-kit/blocks (per-block limits),
 * https://docs.slack.dev/reference/block-kit/block-elements (button, overflow),
 * https://docs.slack.dev/reference/block-kit/composition-objects/option-object,
 * https://docs.slack.dev/surfaces/modals and https://docs.slack.dev/surfaces/app-home (view limits).
 */
export const SLACK_LIMITS = {
  /** Blocks in one message (chat.postMessage, response_url, slash command ack). */
  messageBlocks: 50,
  /** Blocks in a modal or the App Home tab. */
  viewBlocks: 100,
  /** Characters of the top-level `text` fallback we send (Slack truncates past 40,000; keep it short). */
  fallbackText: 3000,
  /** `text` of a section block. */
  sectionText: 3000,
  /** `fields` of one section, and the characters of each. */
  sectionFields: 10,
  fieldText: 2000,
  /** `text` of a header block (plain_text). */
  headerText: 150,
  /** Elements in one context block. */
  contextElements: 10,
  /** Elements in one actions block. */
  actionsElements: 25,
  /** `text` of a button (plain_text) and its `value`. */
  buttonText: 75,
  buttonValue: 2000,
  /** `action_id` and `block_id`. */
  actionId: 255,
  blockId: 255,
  /** Options of an overflow menu (2 to 5), option text and value. */
  overflowOptionsMin: 2,
  overflowOptionsMax: 5,
  optionText: 75,
  optionValue: 150,
  /** Options a select menu (static or external) may show. */
  selectOptions: 100,
  /** Modal title, submit and close button text. */
  modalTitle: 24,
  modalButton: 24,
  /** A view's `private_metadata` and `callback_id`. */
  privateMetadata: 3000,
  callbackId: 255,
  /** Options of a checkboxes element. */
  checkboxOptions: 10,
  /** An image block's `image_url` and `alt_text` (https://docs.slack.dev/reference/block-kit/blocks/image-block). */
  imageUrl: 3000,
  imageAltText: 2000,
} as const;

export type SlackLimits = typeof SLACK_LIMITS;

/** How many buttons a row shows before the rest go into an overflow menu ("…"). */
export const MAX_INLINE_BUTTONS = 5;

/** Cuts `value` to `max` characters, ending with "…" when it had to cut. Counts UTF-16 units like Slack. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 1) return value.slice(0, max);
  // Do not leave half a surrogate pair behind.
  let cut = max - 1;
  const code = value.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${value.slice(0, cut)}…`;
}
