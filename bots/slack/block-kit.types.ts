/**
 * The slice of Block Kit this surface emits, typed narrowly so the renderer, the limit checks and
 * the tests agree on one shape. Structurally compatible with `@slack/types` KnownBlock.
 */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
}

export interface OverflowElement {
  type: 'overflow';
  action_id: string;
  options: { text: PlainText; value: string }[];
}

export type ActionElement = ButtonElement | OverflowElement;

export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: Mrkdwn; accessory?: ActionElement }
  | { type: 'section'; fields: Mrkdwn[] }
  | { type: 'context'; elements: (Mrkdwn | PlainText)[] }
  | { type: 'actions'; elements: ActionElement[] }
  | { type: 'divider' }
  | { type: 'image'; image_url: string; alt_text: string };

/** What a message needs: blocks plus the `text` Slack shows in notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}
