import { DAYS } from './modals.ts';

/** `view.state.values` as Slack sends it: block_id -> action_id -> element state. */
export type ViewValues = Record<string, Record<string, ElementState>>;

interface ElementState {
  value?: string | null;
  selected_options?: { value: string }[];
  selected_option?: { value: string } | null;
  selected_users?: string[];
  selected_date?: string | null;
  selected_date_time?: number | null;
}

/** Either the command lines a form stands for, or per-field problems to show in the form. */
export type Submission = { lines: string[] } | { errors: Record<string, string> };

const RANGE = /^([01]?\d|2[0-3]):[0-5]\d-([01]?\d|2[0-4]):[0-5]\d$/;

const state = (values: ViewValues, blockId: string): ElementState =>
  Object.values(values[blockId] ?? {})[0] ?? {};

/** Values go into `key:"…"` options; the command-line parser has no escape for a double quote. */
const quoted = (value: string) => `"${value.replace(/"/g, "'").replace(/\s+/g, ' ').trim()}"`;

/**
 * The profile form as one command line: `/profile set genres:"pop,alt-pop" roles:"topliner" …`.
 *
 * @example
 * profileSubmission({ genres: { genres: { selected_options: [{ value: 'pop' }] } } })
 * // { lines: ['/profile set genres:"pop" roles:"" inspirations:"" city:"" location:off'] }
 */
export function profileSubmission(values: ViewValues): Submission {
  const genres = (state(values, 'genres').selected_options ?? []).map((o) => o.value).join(',');
  const roles = (state(values, 'roles').selected_options ?? []).map((o) => o.value).join(',');
  const inspirations = (state(values, 'inspirations').value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
  const city = state(values, 'city').value ?? '';
  const isLocationShown = (state(values, 'location').selected_options ?? []).some((o) => o.value === 'on');
  return {
    lines: [
      `/profile set genres:${quoted(genres)} roles:${quoted(roles)} inspirations:${quoted(inspirations)} ` +
        `city:${quoted(city)} location:${isLocationShown ? 'on' : 'off'}`,
    ],
  };
}

/**
 * The availability form as `/avail` lines: days sharing the same hours become one weekly rule
 * (`/avail add mon,wed 10:00-18:00`), the one-off becomes `/avail off DATE [HH:mm-HH:mm]` or
 * `/avail extra DATE HH:mm-HH:mm`.
 */
export function availabilitySubmission(values: ViewValues): Submission {
  const errors: Record<string, string> = {};
  const daysByRange = new Map<string, string[]>();
  for (const day of DAYS) {
    const text = state(values, `day.${day}`).value?.trim();
    if (!text) continue;
    for (const range of text.split(/[,;]\s*|\s+/).filter(Boolean)) {
      if (!RANGE.test(range)) {
        errors[`day.${day}`] ??= `"${range}" is not a time range: use HH:mm-HH:mm, like 10:00-18:00`;
        continue;
      }
      daysByRange.set(range, [...(daysByRange.get(range) ?? []), day]);
    }
  }
  const lines = [...daysByRange].map(([range, days]) => `/avail add ${days.join(',')} ${range}`);
  const date = state(values, 'oneoff.date').selected_date;
  const kind = state(values, 'oneoff.kind').selected_option?.value ?? 'off';
  const range = state(values, 'oneoff.range').value?.trim();
  if (range && !RANGE.test(range)) errors['oneoff.range'] = 'Use HH:mm-HH:mm, like 10:00-12:00';
  if (!date && range) errors['oneoff.date'] = 'Pick the day these hours are for';
  if (date && kind === 'extra' && !range) errors['oneoff.range'] = 'Extra time needs hours, like 10:00-12:00';
  if (date && !errors['oneoff.range']) lines.push(`/avail ${kind} ${date}${range ? ` ${range}` : ''}`);
  if (Object.keys(errors).length > 0) return { errors };
  if (lines.length === 0) return { errors: { 'day.mon': 'Fill in at least one day or the one-off' } };
  return { lines };
}

/**
 * The propose form as `/session propose @a @b at:2026-03-10T14:00Z 120m room:"…" title:"…"`.
 * `handles` maps the chosen Slack users to creator handles; anyone without one is a form error.
 */
export function proposeSubmission(values: ViewValues, handles: ReadonlyMap<string, string>): Submission {
  const users = state(values, 'participants').selected_users ?? [];
  const missing = users.filter((id) => !handles.has(id));
  if (users.length === 0) return { errors: { participants: 'Choose who the session is with' } };
  if (missing.length > 0) {
    return {
      errors: {
        participants: `${missing.map((id) => `<@${id}>`).join(', ')} has no creator profile here yet`,
      },
    };
  }
  const atSeconds = state(values, 'start').selected_date_time;
  if (!atSeconds) return { errors: { start: 'Pick when the session starts' } };
  const minutes = state(values, 'duration').selected_option?.value ?? '120';
  const room = state(values, 'room').value?.trim();
  const link = state(values, 'remote').value?.trim();
  if (room && link) return { errors: { remote: 'A session takes a room or a call link, not both' } };
  const title = state(values, 'title').value?.trim();
  const notes = state(values, 'notes').value?.trim();
  const parts = [
    '/session propose',
    ...users.map((id) => `@${handles.get(id)}`),
    `at:${new Date(atSeconds * 1000).toISOString().replace(/:00\.000Z$/, 'Z')}`,
    `${minutes}m`,
    ...(room ? [`room:${quoted(room)}`] : []),
    ...(link ? [`remote:${link}`] : []),
    ...(title ? [`title:${quoted(title)}`] : []),
    ...(notes ? [`notes:${quoted(notes.replace(/\s+/g, ' '))}`] : []),
  ];
  return { lines: [parts.join(' ')] };
}

/** The Slack users chosen in the propose form, to look their handles up. */
export const proposedSlackUsers = (values: ViewValues): string[] =>
  state(values, 'participants').selected_users ?? [];
