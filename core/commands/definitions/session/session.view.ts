import { DateTime } from 'luxon';
import type { Alternative, Conflict, NotificationKind } from '../../../sessions/index.ts';
import { visibleLocation } from '../../../sessions/index.ts';
import type { SessionView } from '../../../sessions/session.store.ts';
import type { SessionWarning } from '../../../sessions/session-checks.ts';
import {
  type Action,
  actions,
  fields,
  heading,
  type Invocation,
  type ListItem,
  type Reply,
  reply,
  text,
} from '../../reply.ts';

/** `Tue 3 Mar 2030 17:00 CET`: local wall-clock time in the reader's zone. */
export function formatLocal(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/** `Tue 3 Mar 2030 17:00–19:00 CET` (the end's date only when it differs). */
export function formatRange(startMs: number, endMs: number, timeZone: string): string {
  const start = DateTime.fromMillis(startMs, { zone: timeZone });
  const end = DateTime.fromMillis(endMs, { zone: timeZone });
  const endText = start.hasSame(end, 'day') ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL HH:mm');
  return `${start.toFormat('ccc d LLL yyyy HH:mm')}–${endText} ${start.toFormat('ZZZZ')}`;
}

const answerMarks = { invited: '?', accepted: '✓', declined: '✗' } as const;

export function participantsLine(view: SessionView): string {
  return view.session.participants
    .map((p) => {
      const handle = view.handles[p.userId];
      return `${p.displayName}${handle ? ` (@${handle})` : ''} ${answerMarks[p.state]}${p.isRequired ? '' : ' (optional)'}`;
    })
    .join(', ');
}

/** The buttons that make sense for the reader now. */
export function sessionActions(view: SessionView, readerUserId: string): Action[] {
  const id = view.shortId;
  const me = view.session.participants.find((p) => p.userId === readerUserId);
  const live = ['proposed', 'accepted', 'scheduled'].includes(view.session.state);
  const result: Action[] = [];
  const on = (command: string): Invocation => ({ command, input: { session: id } });
  if (live && me && me.state !== 'accepted') {
    result.push({
      id: `session.accept.${id}`,
      label: 'Accept',
      invoke: on('session.accept'),
      style: 'primary',
    });
  }
  if (live && me && me.state !== 'declined' && view.session.state !== 'scheduled') {
    result.push({ id: `session.decline.${id}`, label: 'Decline', invoke: on('session.decline') });
  }
  if (live) {
    result.push({ id: `session.invite.${id}`, label: 'Calendar invite', invoke: on('session.invite') });
  }
  return result;
}

export function sessionListItem(view: SessionView, reader: { userId: string; timeZone: string }): ListItem {
  const { session } = view;
  return {
    title: `${view.shortId} · ${session.title} · ${session.state}`,
    lines: [
      formatRange(session.startsAtMs, session.endsAtMs, reader.timeZone),
      `Where: ${visibleLocation(session).text}`,
      `Who: ${participantsLine(view)}`,
    ],
    actions: sessionActions(view, reader.userId),
  };
}

/** The full card for one session. */
export function sessionCard(
  view: SessionView,
  reader: { userId: string; timeZone: string },
  title?: string,
): Reply {
  const { session } = view;
  const held = session.holdExpiresAtMs !== null && ['proposed', 'accepted'].includes(session.state);
  const buttons = sessionActions(view, reader.userId);
  return reply(
    heading(title ?? session.title),
    fields([
      { label: 'Session', value: view.shortId },
      { label: 'State', value: session.state },
      { label: 'When', value: formatRange(session.startsAtMs, session.endsAtMs, reader.timeZone) },
      { label: 'Where', value: visibleLocation(session).text },
      ...(view.roomLabel ? [{ label: 'Room', value: view.roomLabel }] : []),
      { label: 'Who', value: participantsLine(view) },
      ...(held
        ? [{ label: 'Held until', value: formatLocal(session.holdExpiresAtMs!, reader.timeZone) }]
        : []),
      ...(session.cancelReason ? [{ label: 'Reason', value: session.cancelReason }] : []),
    ]),
    ...(buttons.length > 0 ? [actions(buttons)] : []),
  );
}

/** What a conflict answer says: who or what is busy, and start times that would work instead. */
export function conflictReply(
  details: { conflicts?: Conflict[]; alternatives?: Alternative[]; labels?: Record<string, string> },
  message: string,
  reader: { timeZone: string },
  retry: (alternative: Alternative) => Invocation,
): Reply {
  const labels = details.labels ?? {};
  const clashes = (details.conflicts ?? []).map((c) => {
    const who = c.resource.kind === 'participant' ? c.resource.userId : c.resource.roomId;
    const name = labels[who] ?? (c.resource.kind === 'room' ? 'The room' : 'Someone');
    return `${name} is busy ${formatRange(c.busy.startMs, c.busy.endMs, reader.timeZone)}`;
  });
  const alternatives = details.alternatives ?? [];
  return reply(
    heading('That time is taken'),
    text([message, ...clashes.map((line) => `• ${line}`)].join('\n')),
    ...(alternatives.length === 0
      ? [text('No free time nearby; try another day.')]
      : [
          text('Nearest free times:'),
          actions(
            alternatives.map((alternative, index) => ({
              id: `session.alternative.${index}`,
              label: formatRange(alternative.startMs, alternative.endMs, reader.timeZone),
              invoke: retry(alternative),
            })),
          ),
        ]),
  );
}

/**
 * "Check before booking": who is not free then by what they stated (in their own time), a
 * do-not-pair pair, the nearest times that suit everyone, and a button to go ahead anyway.
 */
export function confirmationReply(
  warnings: readonly SessionWarning[],
  reader: { timeZone: string },
  options: {
    proposed: { startMs: number; endMs: number };
    retry: (alternative: Alternative) => Invocation;
    anyway: Invocation;
    anywayLabel: string;
  },
): Reply {
  const blocks = [heading('Check before booking')];
  let alternatives: readonly Alternative[] | undefined;
  for (const warning of warnings) {
    if (warning.kind === 'do_not_pair') {
      const pairs = warning.pairs.map(([a, b]) => `@${a} and @${b}`).join('; ');
      blocks.push(text(`On the do-not-pair list: ${pairs}.`));
      continue;
    }
    alternatives = warning.alternatives;
    const lines = warning.notFree.map(
      (person) =>
        `• ${person.displayName}: ${person.why} (${formatRange(options.proposed.startMs, options.proposed.endMs, person.timeZone)} their time)`,
    );
    blocks.push(text(['Not free then, by what they said:', ...lines].join('\n')));
  }
  if (alternatives !== undefined) {
    blocks.push(
      alternatives.length === 0
        ? text('No time nearby suits everyone; try another day.')
        : text('Times that suit everyone:'),
    );
    if (alternatives.length > 0)
      blocks.push(
        actions(
          alternatives.map((alternative, index) => ({
            id: `session.alternative.${index}`,
            label: formatRange(alternative.startMs, alternative.endMs, reader.timeZone),
            invoke: options.retry(alternative),
          })),
        ),
      );
  }
  blocks.push(
    actions([{ id: 'session.anyway', label: options.anywayLabel, style: 'danger', invoke: options.anyway }]),
  );
  return reply(...blocks);
}

const notificationHeadings: Record<NotificationKind, (title: string) => string> = {
  reminder_24h: (title) => `Reminder: ${title} is tomorrow`,
  reminder_1h: (title) => `Reminder: ${title} starts in an hour`,
  feedback_request: (title) => `How did ${title} go?`,
};

/** The direct message a reminder or feedback request sends. */
export function notificationMessage(kind: NotificationKind, view: SessionView, timeZone: string): Reply {
  const { session } = view;
  const id = view.shortId;
  const base = [
    heading(notificationHeadings[kind](session.title)),
    fields([
      { label: 'When', value: formatRange(session.startsAtMs, session.endsAtMs, timeZone) },
      { label: 'Where', value: visibleLocation(session).text },
      { label: 'Who', value: participantsLine(view) },
    ]),
  ];
  if (kind !== 'feedback_request') return reply(...base);
  return reply(
    ...base,
    text(
      `Rate it 1-5 and say whether you would write together again: /session feedback ${id} RATING yes|no "note"`,
    ),
    actions([
      { id: `session.feedback.${id}.5`, label: '5 · again', invoke: rate(id, 5, true) },
      { id: `session.feedback.${id}.3`, label: '3 · maybe', invoke: rate(id, 3, true) },
      { id: `session.feedback.${id}.1`, label: '1 · not again', invoke: rate(id, 1, false) },
    ]),
  );
}

const rate = (session: string, rating: number, wouldWriteAgain: boolean): Invocation => ({
  command: 'session.feedback',
  input: { session, rating, wouldWriteAgain },
});
