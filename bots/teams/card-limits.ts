/**
 * What Teams accepts in a bot message, as data. Teams documents 100 KB per message with 80 KB
 * recommended and enforced 40 KB until recently, counted on the UTF-16 JSON, so we keep every
 * message under 40 KB as `JSON.length * 2` bytes, with room left for the activity around the card.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference
 */
export const TEAMS_CARD_LIMITS = {
  /** Bytes of one message (UTF-16). */
  messageBytes: 40 * 1024,
  /** Kept free for the activity envelope (type, ids, serviceUrl, recipient, summary). */
  envelopeBytes: 2 * 1024,
  /** Adaptive Card schema version Teams renders (desktop, web and mobile). */
  schemaVersion: '1.5',
  /** Buttons Teams shows in one action set (its host config's maxActions). */
  actionsPerSet: 6,
  /** Characters of one text block we send; longer text is cut with "…". */
  textBlock: 4000,
  /** Characters of a button title. */
  buttonTitle: 80,
  /** Facts in one FactSet. */
  facts: 30,
} as const;

/** Bytes Teams counts for this JSON value: UTF-16, two bytes per code unit. */
export const utf16Bytes = (value: unknown): number => JSON.stringify(value).length * 2;

export const truncate = (value: string, max: number): string =>
  value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`;
