/**
 * The platform-neutral answer of a command. Each surface renders it once: Block Kit for Slack,
 * Adaptive Cards for Teams, components for Discord, text for the console.
 */
export type Reply = {
  /** Shown only to the person who asked, where the platform supports it. */
  isPrivate?: boolean;
  blocks: Block[];
  /** Attachments (a calendar invite). Surfaces upload them, or show them when they cannot. */
  files?: ReplyFile[];
};

/** A small text attachment that travels with a reply, e.g. `session-1a2b3c4d.ics` (text/calendar). */
export interface ReplyFile {
  name: string;
  mimeType: string;
  content: string;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'list'; items: ListItem[]; moreCount?: number; isNumbered?: boolean }
  | { kind: 'actions'; actions: Action[] }
  | { kind: 'notice'; tone: 'info' | 'success' | 'warning' | 'error'; text: string }
  | { kind: 'divider' }
  /** A picture at a URL the platform fetches (a PNG); `alt` says what it shows, for screen readers and text-only surfaces. */
  | { kind: 'image'; url: string; alt: string };

export interface Field {
  label: string;
  value: string;
}

export interface ListItem {
  title: string;
  lines: string[];
  actions?: Action[];
}

/** A command to run with its typed input: what a button does when pressed. */
export interface Invocation {
  command: string;
  input: Readonly<Record<string, unknown>>;
}

/**
 * A button. A command presents it with `invoke`; finishing the reply for a viewer adds `token`
 * (the opaque stored action a platform button carries) and `command` (the chat line with the same
 * effect, for the console and for help text).
 */
export interface Action {
  id: string;
  label: string;
  /** The chat line this button stands for. */
  command?: string;
  invoke?: Invocation;
  /** Opens a form instead (where the surface has forms): `profile`, `availability`, `propose`. */
  opensForm?: string;
  token?: string;
  style?: 'primary' | 'danger';
}

export const heading = (text: string): Block => ({ kind: 'heading', text });
export const text = (value: string): Block => ({ kind: 'text', text: value });
export const fields = (entries: Field[]): Block => ({ kind: 'fields', fields: entries });
export const list = (items: ListItem[], moreCount?: number): Block =>
  moreCount ? { kind: 'list', items, moreCount } : { kind: 'list', items };
/** Titled sections of lines (not a ranking): rendered without numbers. */
export const sections = (items: ListItem[]): Block => ({ kind: 'list', items, isNumbered: false });
export const actions = (entries: Action[]): Block => ({ kind: 'actions', actions: entries });
export const notice = (tone: 'info' | 'success' | 'warning' | 'error', value: string): Block => ({
  kind: 'notice',
  tone,
  text: value,
});
export const divider = (): Block => ({ kind: 'divider' });
export const image = (url: string, alt: string): Block => ({ kind: 'image', url, alt });

export const reply = (...blocks: Block[]): Reply => ({ blocks });
export const privateReply = (...blocks: Block[]): Reply => ({ isPrivate: true, blocks });

/** The same reply with files attached. */
export const withFiles = (base: Reply, ...files: ReplyFile[]): Reply => ({
  ...base,
  files: [...(base.files ?? []), ...files],
});
