import { ABBREVIATIONS, NUMBER_WORDS, TODAY_WORDS, TOMORROW_WORDS, WEEKDAYS } from './lexicon.ts';

/** A clause of the reply: where it sits in the original text, and which sentence it belongs to. */
export interface Clause {
  sentence: number;
  start: number;
  end: number;
}

export type TokenKind = 'word' | 'num' | 'clock' | 'ordinal' | 'slash' | 'iso' | 'punct';

/** A token with its place in the original text (so what is quoted back is the person's own words). */
export interface Token {
  kind: TokenKind;
  /** Lower case, curly apostrophes straightened, a trailing "." dropped. */
  text: string;
  start: number;
  end: number;
  /** clock: the hour and minute as written, and am/pm when given. num/ordinal: the number. */
  hour?: number;
  minute?: number;
  meridiem?: 'am' | 'pm';
  value?: number;
}

const SENTENCE_END = new Set([';', '\n', '!', '?']);

function isAbbreviationBefore(text: string, dot: number): boolean {
  const word = /[a-z.]+$/i.exec(text.slice(Math.max(0, dot - 12), dot))?.[0]?.toLowerCase() ?? '';
  return ABBREVIATIONS.has(word.replace(/^\.+/, ''));
}

/**
 * Splits a reply into clauses on commas, ";", ".", "!", "?", new lines and "but"; ";", ".", "!",
 * "?" and new lines also end a sentence (a week named at a sentence's start carries to its later
 * clauses). A "." ends nothing inside "10.30", nor after an abbreviation ("fri.", "p.m.") unless a
 * capital letter follows.
 */
export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let sentence = 0;
  let start = 0;
  const push = (end: number) => {
    let from = start;
    let to = end;
    while (from < to && /\s/.test(text[from]!)) from++;
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    if (to > from) clauses.push({ sentence, start: from, end: to });
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    // "fri. 2-5" goes on; "fri. Tue after 6" is a new sentence.
    const isDotEnd =
      char === '.' &&
      (i + 1 === text.length || /\s/.test(text[i + 1]!)) &&
      (!isAbbreviationBefore(text, i) || /^\s+[A-Z]/.test(text.slice(i + 1, i + 4)));
    if (char === ',' || SENTENCE_END.has(char) || isDotEnd) {
      push(i);
      start = i + 1;
      if (char !== ',') sentence++;
    } else if (/^but\b/i.test(text.slice(i, i + 4)) && !/[a-z0-9']/i.test(text[i - 1] ?? '')) {
      push(i);
      start = i + 3;
    }
  }
  push(text.length);
  return clauses;
}

const TOKEN =
  /(\d{4}-\d{2}-\d{2})|(\d{1,2}\/\d{1,2}(?:\/\d{2,4})?)|(\d{1,2})(?:[:.](\d{2}))?(\s?(?:a\.?m\.?|p\.?m\.?)|[ap])(?![a-z])|(\d{1,2})(st|nd|rd|th)\b|(\d{1,2})[:.](\d{2})|(\d+)(?:ish)?|(b4|[a-z][a-z'’.]*[a-z]|[a-z])|([-–—&+/@~:])/giy;

/** The tokens of one clause, with offsets into the whole text. */
export function tokenize(text: string, clause: Clause): Token[] {
  const tokens: Token[] = [];
  const source = text.slice(clause.start, clause.end);
  let i = 0;
  while (i < source.length) {
    if (/\s|[()"!?*[\]]/.test(source[i]!) || (source[i] === '.' && !/\d/.test(source[i + 1] ?? ''))) {
      i++;
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(source);
    if (!m) {
      tokens.push({ kind: 'punct', text: source[i]!, start: clause.start + i, end: clause.start + i + 1 });
      i++;
      continue;
    }
    const at = { start: clause.start + i, end: clause.start + i + m[0].length };
    const raw = m[0].toLowerCase().replace(/’/g, "'");
    if (m[1]) tokens.push({ kind: 'iso', text: raw, ...at });
    else if (m[2]) tokens.push({ kind: 'slash', text: raw, ...at });
    else if (m[3])
      tokens.push({
        kind: 'clock',
        text: raw,
        ...at,
        hour: Number(m[3]),
        minute: Number(m[4] ?? 0),
        meridiem: m[5]!.trim().toLowerCase().startsWith('a') ? 'am' : 'pm',
      });
    else if (m[6]) tokens.push({ kind: 'ordinal', text: raw, ...at, value: Number(m[6]) });
    else if (m[8]) tokens.push({ kind: 'clock', text: raw, ...at, hour: Number(m[8]), minute: Number(m[9]) });
    else if (m[10]) tokens.push({ kind: 'num', text: m[10], ...at, value: Number(m[10]) });
    else if (m[11]) tokens.push(wordToken(raw.replace(/\.$/, ''), at));
    else tokens.push({ kind: 'punct', text: raw === '–' || raw === '—' ? '-' : raw, ...at });
    i += m[0].length;
  }
  return tokens;
}

/** A word token; "six" is the number 6 and "Friday's" is Friday. */
function wordToken(text: string, at: { start: number; end: number }): Token {
  const number = NUMBER_WORDS[text];
  if (number !== undefined) return { kind: 'num', text, ...at, value: number };
  const base = text.endsWith("'s") ? text.slice(0, -2) : text;
  const isDay = WEEKDAYS[base] !== undefined || TODAY_WORDS.has(base) || TOMORROW_WORDS.has(base);
  return { kind: 'word', text: isDay ? base : text, ...at };
}
