import type { SessionPolicy } from '../../sessions/index.ts';
import { isAppError } from '../../shared/app-error.ts';
import { type CommandContext, defineCommand } from '../command.ts';
import { fields, heading, list, notice, privateReply, reply, text, withFiles } from '../reply.ts';
import { optional, parseSessionLine, type SessionArgs, sessionUsage } from './session.parse.ts';
import { conflictReply, formatLocal, sessionCard, sessionListItem } from './session.view.ts';
import { formatInstant, proposeSessionCommand, resolveTypedTime } from './session-args.ts';

function policyReply(policy: SessionPolicy, title: string) {
  return privateReply(
    heading(title),
    fields([
      {
        label: 'Full control',
        value: policy.isFullControl ? 'on: only publisher staff propose' : 'off: creators may propose',
      },
      { label: 'Holds last', value: `${policy.holdHours} h` },
      {
        label: 'Late changes',
        value: `a reason is needed within ${policy.lateChangeWindowHours} h of the start`,
      },
      {
        label: 'Scheduling',
        value:
          policy.scheduleConfirmation === 'automatic'
            ? 'automatic once everyone accepts'
            : 'a publisher confirms',
      },
    ]),
    text(
      'Change: /session settings full-control:on|off hold-hours:N late-change-hours:N confirm:publisher|automatic',
    ),
  );
}

/** A conflict answer is a normal outcome, rendered with names and alternatives; other errors go to dispatch. */
async function orConflict<T>(
  work: Promise<T>,
  context: CommandContext,
  retry: (startMs: number, endMs: number) => string,
) {
  try {
    return { ok: true as const, value: await work };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'sessions.conflict') throw error;
    return {
      ok: false as const,
      reply: conflictReply(error.details, error.message, context.actor, (a) => retry(a.startMs, a.endMs)),
    };
  }
}

/** `/session`: list, propose, answer, move, cancel and rate co-writing sessions. */
export const sessionCommand = defineCommand<SessionArgs>({
  name: 'session',
  aliases: ['sessions'],
  summary: 'Your co-writing sessions: list, propose, accept, decline, reschedule, cancel, feedback',
  usage: sessionUsage,
  examples: [
    '/session',
    '/session propose @ana @ben 2030-12-03 17:00 2h room:"Studio A" title:"Alt-pop write"',
    '/session propose @ana @ben at:2030-12-03T22:00Z 120m',
    '/session accept 1a2b3c4d',
    '/session reschedule 1a2b3c4d 2030-12-04 17:00 reason:"studio moved"',
    '/session cancel 1a2b3c4d flu',
    '/session feedback 1a2b3c4d 5 yes "great hook"',
  ],
  parse: parseSessionLine,
  async run(context, args) {
    const { actor } = context;
    const sessions = context.services.sessions;
    switch (args.action) {
      case 'list': {
        const views = await sessions.list(actor, { scope: args.scope, limit: 20 });
        if (views.length === 0)
          return privateReply(text('No sessions yet. Propose one: /session propose @a @b DATE TIME'));
        const title = args.scope === 'all' ? 'Sessions' : 'Your sessions';
        return privateReply(heading(title), list(views.map((view) => sessionListItem(view, actor))));
      }
      case 'show':
        return privateReply(...sessionCard(await sessions.show(actor, args.ref), actor).blocks);
      case 'invite': {
        const file = await sessions.invite(actor, args.ref);
        return withFiles(
          privateReply(
            text(`Calendar invite ${file.fileName}: open it to add the session to your calendar.`),
          ),
          {
            name: file.fileName,
            mimeType: file.mimeType,
            content: file.content,
          },
        );
      }
      case 'propose': {
        const startsAtMs = resolveTypedTime(args.when, actor.timeZone);
        const endsAtMs = startsAtMs + args.durationMinutes * 60_000;
        const outcome = await orConflict(
          sessions.propose(actor, {
            handles: args.handles,
            startsAtMs,
            endsAtMs,
            ...optional('room', args.room),
            ...optional('title', args.title),
            ...optional('notes', args.notes),
            ...optional('remoteUrl', args.remoteUrl),
          }),
          context,
          (start) =>
            proposeSessionCommand({
              handles: args.handles,
              startsAtMs: start,
              durationMinutes: args.durationMinutes,
              room: args.room,
              title: args.title,
            }),
        );
        if (!outcome.ok) return outcome.reply;
        const view = outcome.value;
        const card = sessionCard(view, actor, `Session proposed: ${view.session.title}`);
        const held = view.session.holdExpiresAtMs;
        return reply(
          ...card.blocks,
          notice(
            'success',
            held
              ? `The time is held until ${formatLocal(held, actor.timeZone)}.`
              : `Session is ${view.session.state}.`,
          ),
        );
      }
      case 'accept':
      case 'decline': {
        const view = await sessions.answer(actor, args.ref, args.action, args.forHandle);
        const title =
          view.session.state === 'scheduled'
            ? 'Scheduled: everyone is in'
            : `${args.action === 'accept' ? 'Accepted' : 'Declined'}: ${view.session.title}`;
        return reply(...sessionCard(view, actor, title).blocks);
      }
      case 'confirm':
        return reply(...sessionCard(await sessions.confirm(actor, args.ref), actor, 'Scheduled').blocks);
      case 'reschedule': {
        const current = await sessions.show(actor, args.ref);
        const durationMs =
          args.durationMinutes !== undefined
            ? args.durationMinutes * 60_000
            : current.session.endsAtMs - current.session.startsAtMs;
        const startsAtMs = resolveTypedTime(args.when, actor.timeZone);
        const outcome = await orConflict(
          sessions.reschedule(actor, args.ref, {
            startsAtMs,
            endsAtMs: startsAtMs + durationMs,
            ...optional('reason', args.reason),
          }),
          context,
          (start, end) =>
            `/session reschedule ${current.shortId} at:${formatInstant(start)} ${Math.round((end - start) / 60_000)}m`,
        );
        if (!outcome.ok) return outcome.reply;
        return reply(...sessionCard(outcome.value, actor, 'Moved: everyone is asked again').blocks);
      }
      case 'cancel':
        return reply(
          ...sessionCard(await sessions.cancel(actor, args.ref, args.reason), actor, 'Cancelled').blocks,
        );
      case 'feedback': {
        const view = await sessions.feedback(actor, args.ref, {
          rating: args.rating,
          wouldWriteAgain: args.wouldWriteAgain,
          ...optional('note', args.note),
        });
        return privateReply(notice('success', `Thanks: your feedback on ${view.session.title} is saved.`));
      }
      case 'settings': {
        if (Object.keys(args.patch).length === 0)
          return policyReply(await sessions.policy(), 'Session settings');
        return policyReply(await sessions.updatePolicy(actor, args.patch), 'Session settings updated');
      }
    }
  },
});
