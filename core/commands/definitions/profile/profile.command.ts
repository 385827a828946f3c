import { genreById } from '../../../profiles/genres.ts';
import { AppError } from '../../../shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../../tenancy/roles.ts';
import { type CommandContext, defineCommand } from '../../command.ts';
import { fields, heading, notice, reply } from '../../reply.ts';
import type { ProfileView } from '../../services.ts';
import { type ProfileArgs, parseProfileArgs } from './profile-args.ts';

function targetHandle(context: CommandContext, args: ProfileArgs): string {
  const own = context.actor.creatorHandle;
  const target = args.target ?? own;
  if (!target)
    throw new AppError(
      'profiles.no_profile',
      'You have no creator profile here: name one, like /profile @handle',
    );
  if (args.action === 'set' && target !== own && !PUBLISHER_ROLES.includes(context.actor.role)) {
    throw new AppError('profiles.forbidden', 'You can only change your own profile.');
  }
  return target;
}

const orNone = (values: readonly string[]) => (values.length ? values.join(', ') : '—');

function view(profile: ProfileView) {
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
        value: profile.city ? `${profile.city}${profile.isLocationOptIn ? '' : ' (hidden)'}` : '—',
      },
      { label: 'Credits', value: String(profile.creditCount) },
      { label: 'Open to writing', value: profile.isWritingOptIn ? 'yes' : 'no' },
      ...(profile.bio ? [{ label: 'Bio', value: profile.bio }] : []),
    ]),
  ];
}

/** `/profile` shows a creator's profile; `/profile set key:value …` changes it (audited, re-embedded). */
export const profileCommand = defineCommand<ProfileArgs>({
  name: 'profile',
  summary: 'Show or edit a creator profile: genres, roles, inspirations, city, time zone',
  usage:
    '/profile [@handle] [set genres:"…" roles:"…" inspirations:"…" city:"…" location:on|off timezone:ZONE name:"…" bio:"…" writing:on|off]',
  examples: [
    '/profile',
    '/profile @ana-rossi',
    '/profile set genres:"alt-pop, synth-pop" roles:"topliner, lyricist"',
    '/profile set inspirations:"Robyn; Lorde" city:Stockholm location:on',
  ],
  parse: parseProfileArgs,
  async run(context, args) {
    const handle = targetHandle(context, args);
    const desk = context.services.profiles;
    if (args.action === 'set') {
      const { changed } = await desk.update(handle, args.changes, {
        userId: context.actor.userId,
        label: context.actor.displayName,
      });
      const profile = await desk.get(handle);
      const summary = changed.length ? `Updated ${changed.join(', ')}.` : 'Nothing changed.';
      return reply(notice('success', summary), ...(profile ? view(profile) : []));
    }
    const profile = await desk.get(handle);
    if (!profile) throw new AppError('profiles.unknown_handle', `No creator @${handle}`);
    return reply(...view(profile));
  },
});
