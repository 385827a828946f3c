import { z } from 'zod';
import { inviteFile } from '../../../sessions/invite-file.ts';
import { findSession } from '../../../sessions/session-workflow.ts';
import { AppError } from '../../../shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import { defineCommand } from '../../command.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { reference, wholeNumber } from '../../input-schema.ts';
import { heading, list, privateReply, text, withFiles } from '../../reply.ts';
import { sessionCard, sessionListItem } from './session.view.ts';
import { requireRef } from './session-args.ts';

const DAY_MS = 86_400_000;
export const sessionRef = z.object({ session: reference('session') });
const refOf = (line: { words: string[] }, usage: string) => {
  const [ref, ...rest] = line.words;
  refuseExtraWords({ ...line, words: rest } as never);
  return { session: requireRef(ref, usage) };
};

/** `/session`: my sessions (taking part or proposed by me); `/session all` for publisher staff. */
export const sessionList = defineCommand({
  name: 'session.list',
  summary: 'Your sessions: taking part in, or proposed by you',
  examples: ['/session', '/session all'],
  effect: 'read',
  input: z.object({
    scope: z.enum(['mine', 'all'], { error: 'expected mine or all' }).default('mine'),
    limit: wholeNumber(1, 50).default(20),
  }),
  chat: {
    command: 'session',
    verbAliases: ['list', 'mine'],
    usage: '/session [all]',
    parse(line) {
      const [scope, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      return scope ? { scope: scope.toLowerCase() as 'all' } : {};
    },
    format: (input) => (input.scope === 'all' ? '/session all' : '/session'),
  },
  async handle(context, input) {
    const seesAll = input.scope === 'all' && PUBLISHER_ROLES.includes(context.actor.role);
    const views = await context.stores.sessions.list({
      ...(seesAll ? {} : { involvingUserId: context.actor.userId }),
      endedAfterMs: context.clock.nowMs() - 7 * DAY_MS,
      limit: input.limit,
    });
    return { result: { views, isAll: seesAll } };
  },
  present({ views, isAll }, { actor }) {
    if (views.length === 0)
      return privateReply(text('No sessions yet. Propose one: /session propose @a @b DATE TIME'));
    return privateReply(
      heading(isAll ? 'Sessions' : 'Your sessions'),
      list(views.map((view) => sessionListItem(view, actor))),
    );
  },
});

export const sessionShow = defineCommand({
  name: 'session.show',
  summary: 'One session: when, where, who has answered',
  examples: ['/session show 1a2b3c4d'],
  effect: 'read',
  input: sessionRef,
  chat: {
    command: 'session',
    verb: 'show',
    usage: '/session show ID',
    parse: (line) => refOf(line, '/session show 1a2b3c4d'),
    format: (input) => `/session show ${input.session}`,
  },
  handle: async (context, input) => ({
    result: await findSession(context.stores, input.session, context.actor),
  }),
  present: (view, { actor }) => privateReply(...sessionCard(view, actor).blocks),
});

/** `/session invite ID`: the calendar invite as this person gets it (METHOD:REQUEST, or CANCEL). */
export const sessionInvite = defineCommand({
  name: 'session.invite',
  summary: 'The calendar invite (ICS) of a session',
  examples: ['/session invite 1a2b3c4d'],
  effect: 'read',
  input: sessionRef,
  chat: {
    command: 'session',
    verb: 'invite',
    usage: '/session invite ID',
    parse: (line) => refOf(line, '/session invite 1a2b3c4d'),
    format: (input) => `/session invite ${input.session}`,
  },
  async handle(context, input) {
    const view = await findSession(context.stores, input.session, context.actor);
    const { name } = await context.stores.tenant.read();
    const file = inviteFile(view, {
      tenantName: name,
      settings: context.services.invites,
      nowMs: context.clock.nowMs(),
    });
    if (file === null) {
      throw new AppError('sessions.no_invite', `A ${view.session.state} session has no calendar invite`);
    }
    return { result: file };
  },
  present: (file) =>
    withFiles(
      privateReply(text(`Calendar invite ${file.fileName}: open it to add the session to your calendar.`)),
      {
        name: file.fileName,
        mimeType: file.mimeType,
        content: file.content,
      },
    ),
});
