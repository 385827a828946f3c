/** A chat line split into what commands care about: `/pair @ana genre:pop next week 2h`. */
export interface CommandLine {
  name: string;
  /** Everything after the name, as typed. */
  rest: string;
  /** `@handle` mentions, lower-cased, in order. */
  mentions: string[];
  /** `key:value` options; a key may repeat. Values may be quoted: `near:"New York"`. */
  options: Record<string, string[]>;
  /** The remaining words, in order (URLs such as `https://…` stay words, not options). */
  words: string[];
}

/**
 * The app's own name reaches every command on every surface (Slack registers it as its one umbrella
 * slash command): `/align roster genre:pop` stands for `/roster genre:pop`, `/align` alone for
 * `/help`. Any other line is returned as it is.
 */
export function withoutUmbrella(text: string): string {
  const match = /^\/align(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!match) return text;
  const rest = (match[1] ?? '').trim();
  return rest ? `/${rest.replace(/^\/+/, '')}` : '/help';
}

const TOKEN = /"([^"]*)"|(\S+?):"([^"]*)"|(\S+)/g;

/** Returns undefined when the line is not a command (does not start with `/`). */
export function parseCommandLine(input: string): CommandLine | undefined {
  const trimmed = input.trim();
  const match = /^\/([a-z][a-z0-9-]*)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const rest = (match[2] ?? '').trim();
  const mentions: string[] = [];
  const options: Record<string, string[]> = {};
  const words: string[] = [];
  for (const token of rest.matchAll(TOKEN)) {
    const [, quoted, quotedKey, quotedValue, bare] = token;
    if (quoted !== undefined) words.push(quoted);
    else if (quotedKey !== undefined) addOption(options, quotedKey, quotedValue ?? '');
    else if (bare?.startsWith('@') && bare.length > 1) mentions.push(bare.slice(1).toLowerCase());
    else if (bare && /^[a-z][a-z0-9_-]*:.+/i.test(bare) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(bare)) {
      const colon = bare.indexOf(':');
      addOption(options, bare.slice(0, colon), bare.slice(colon + 1));
    } else if (bare) words.push(bare);
  }
  return { name, rest, mentions, options, words };
}

function addOption(options: Record<string, string[]>, key: string, value: string): void {
  const normalisedKey = key.toLowerCase();
  options[normalisedKey] = [...(options[normalisedKey] ?? []), value];
}
