import { z } from 'zod';
import { findCreator } from '../../../profiles/find-creators.ts';
import { genreById } from '../../../profiles/genres.ts';
import type { ProfileRecord } from '../../../profiles/profile.store.ts';
import { AppError } from '../../../shared/app-error.ts';
import { byActor } from '../../../shared/audit-log.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import { type Actor, defineCommand, type Handled, type HandlerContext } from '../../command.ts';
import type { CommandGroup } from '../../command-registry.ts';
import { refuseExtraWords } from '../../dispatch.ts';
import { fields, heading, notice, reply } from '../../reply.ts';
import { setOwnTimeZone } from '../whoami.command.ts';
import {
  hasChanges,
  profileChangeFields,
  profileTarget,
  readProfileOptions,
  readTarget,
  toProfileChanges,
} from './profile-args.ts';

/** Whose profile: the named creator, or the actor's own. */
function targetOf(actor: Actor, creator: string | undefined): string {
  const target = creator ?? actor.creatorHandle;
  if (!target) {
    throw new AppError(
      'profiles.no_profile',
      'You have no creator profile here: name one, like /profile @handle (your own time zone: /whoami timezone:ZONE)',
    );
  }
  return target;
}

async function load(context: HandlerContext, handle: string, forUpdate = false): Promise<ProfileRecord> {
  const profile = await context.stores.profiles.get(handle, { forUpdate });
  if (profile) return profile;
  await findCreator(context.stores.roster, handle); // throws with did-you-mean
  throw new AppError('profiles.unknown_handle', `No creator @${handle}`);
}

const orNone = (values: readonly string[]) => (values.length ? values.join(', ') : '—');

function profileBlocks(profile: ProfileRecord) {
  const genreLabels = profile.genres.map((id) => genreById(id)?.label ?? id);
  return [
    heading(`${profile.displayName} (@${profile.handle})`),
    fields([
      { label: 'Genres', value: orNone([...genreLabels, ...profile.tags.map((tag) => `#${tag}`)]) },
      { label: 'Roles', value: orNone(profile.roles) },
      { label: 'Inspirations', value: orNone(profile.inspirations) },
      { label: 'Time zone', value: profile.timeZone },
      {
        label: 'City',
        value: profile.location?.city
          ? `${profile.location.city}${profile.isLocationOptIn ? '' : ' (hidden)'}`
          : '—',
      },
      { label: 'Credits', value: String(profile.creditCount) },
      { label: 'Open to writing', value: profile.isWritingOptIn ? 'yes' : 'no' },
      ...(profile.bio ? [{ label: 'Bio', value: profile.bio }] : []),
    ]),
  ];
}

export const profileShow = defineCommand({
  name: 'profile.show',
  summary: 'Show a creator profile',
  examples: ['/profile', '/profile @sven-johansson'],
  effect: 'read',
  input: z.object(profileTarget),
  chat: {
    command: 'profile',
    verbAliases: ['show'],
    usage: '/profile [@handle]',
    parse(line) {
      refuseExtraWords(line);
      return readTarget(line);
    },
    format: (input) => (input.creator ? `/profile @${input.creator}` : '/profile'),
  },
  handle: async (context, input) => ({ result: await load(context, targetOf(context.actor, input.creator)) }),
  present: (profile) => reply(...profileBlocks(profile)),
});

type ProfileSetResult = { ownTimeZone: string } | { profile: ProfileRecord; changed: string[] };

/** Profile fields whose change makes matching recompute (embedding, credits graph). */
export const profileSet = defineCommand({
  name: 'profile.set',
  summary: 'Edit a creator profile: genres, roles, inspirations, city, time zone (audited, re-embedded)',
  examples: [
    '/profile set genres:"alt-pop, synth-pop" roles:"topliner, lyricist"',
    '/profile set inspirations:"Robyn; Lorde" city:Stockholm location:on',
  ],
  effect: 'write',
  input: z
    .object({ ...profileTarget, ...profileChangeFields })
    .strict()
    .refine(hasChanges, { error: 'name at least one field to set, like genres:"pop, alt-pop"' }),
  chat: {
    command: 'profile',
    verb: 'set',
    usage:
      '/profile [@handle] set genres:"…" roles:"…" inspirations:"…" city:"…" location:on|off timezone:ZONE name:"…" bio:"…" writing:on|off',
    parse(line) {
      refuseExtraWords(line);
      return { ...readTarget(line), ...(readProfileOptions(line.options) as object) };
    },
  },
  async handle(context, input): Promise<Handled<ProfileSetResult>> {
    // Without a creator profile, your own time zone is still yours to set.
    const changes = toProfileChanges(input);
    if (!input.creator && !context.actor.creatorHandle && Object.keys(changes).join() === 'timeZone') {
      const set = await setOwnTimeZone(context, changes.timeZone!);
      return {
        result: { ownTimeZone: set.result.actor.timeZone },
        ...(set.events ? { events: set.events } : {}),
      };
    }
    const handle = targetOf(context.actor, input.creator);
    if (handle !== context.actor.creatorHandle && !PUBLISHER_ROLES.includes(context.actor.role)) {
      throw new AppError('profiles.forbidden', 'You can only change your own profile.');
    }
    const before = await load(context, handle, true);
    const changed = Object.entries(changes).filter(
      ([key, value]) => JSON.stringify(before[key as keyof ProfileRecord]) !== JSON.stringify(value),
    );
    if (changed.length === 0) return { result: { profile: before, changed: [] as string[] } };
    const { contentHash } = await context.stores.profiles.update(
      before.creatorId,
      Object.fromEntries(changed),
    );
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'creator.profile_updated',
      entity: 'creator',
      entityId: before.creatorId,
      oldValues: Object.fromEntries(
        changed.map(([key]) => [key, before[key as keyof ProfileRecord] ?? null]),
      ),
      newValues: Object.fromEntries(changed),
    });
    const after = await load(context, handle);
    return {
      result: { profile: after, changed: changed.map(([key]) => key) },
      events: [{ type: 'creator.profile_changed', creatorId: before.creatorId, contentHash }],
    };
  },
  present: (result) =>
    'ownTimeZone' in result
      ? reply(notice('success', `Your time zone is now ${result.ownTimeZone}.`))
      : reply(
          notice(
            'success',
            result.changed.length ? `Updated ${result.changed.join(', ')}.` : 'Nothing changed.',
          ),
          ...profileBlocks(result.profile),
        ),
});

export const profileGroup: CommandGroup = {
  name: 'profile',
  summary: 'Show or edit a creator profile: genres, roles, inspirations, city, time zone',
  commands: [profileShow, profileSet],
};
