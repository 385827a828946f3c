import { allGenres, normaliseGenre } from '../../profiles/genres.ts';
import { foldText } from '../../profiles/text.normalise.ts';
import type { CommandContext } from '../command.ts';
import { type DispatchOutcome, invoke } from '../dispatch.ts';
import type { FormDefinition, FormOption, FormValues, OptionSource } from '../forms.ts';
import { availabilityForm } from './availability.form.ts';
import { profileForm } from './profile.form.ts';
import { proposeForm } from './propose.form.ts';

export type FormId = 'profile' | 'availability' | 'propose';
export const FORM_IDS: readonly FormId[] = ['profile', 'availability', 'propose'];

/**
 * A form as this person sees it now: the profile form prefilled from their profile, the propose
 * form with the creators named (`/session new @ana @ben`).
 */
export async function loadForm(
  context: CommandContext,
  id: FormId,
  prefill: { creators?: readonly string[] } = {},
): Promise<FormDefinition> {
  switch (id) {
    case 'profile': {
      const handle = context.actor.creatorHandle;
      const current = handle
        ? await context.work.inTenant(context.tenant.id, (stores) => stores.profiles.get(handle))
        : undefined;
      return profileForm(current);
    }
    case 'availability':
      return availabilityForm();
    case 'propose': {
      const named = prefill.creators?.length
        ? await context.work.inTenant(context.tenant.id, (stores) =>
            stores.roster.findMany(prefill.creators!),
          )
        : [];
      return proposeForm(named.map((c) => ({ value: c.handle, label: `${c.displayName} (@${c.handle})` })));
    }
  }
}

/** Only the first problem per field is shown, at most this long (Slack allows about 300 characters). */
const MAX_FIELD_ERROR = 280;

/**
 * A submitted form runs its command once with one typed input. Problems come back per field (the
 * input path's field, or the first field for a refusal that names no field).
 */
export async function submitForm(
  context: CommandContext,
  definition: FormDefinition,
  values: FormValues,
): Promise<{ errors: Record<string, string> } | { outcome: DispatchOutcome }> {
  const input = definition.toInput(values, { timeZone: context.actor.timeZone });
  const outcome = await invoke(context, { command: definition.command, input });
  if (!outcome.isError || outcome.bug) return { outcome };
  const field = definition.fieldOf(outcome.problem?.path ?? '');
  const message = outcome.problem?.message ?? firstNotice(outcome);
  return {
    errors: {
      [field]: message.length > MAX_FIELD_ERROR ? `${message.slice(0, MAX_FIELD_ERROR - 1)}…` : message,
    },
  };
}

function firstNotice(outcome: DispatchOutcome): string {
  const block = outcome.reply.blocks.find((b) => b.kind === 'notice');
  return block?.kind === 'notice' ? block.text : 'That did not work.';
}

/** Options of a searched select, best first: genres from the taxonomy, creators from the roster. */
export async function searchOptions(
  context: CommandContext,
  source: OptionSource,
  query: string,
  limit = 100,
): Promise<FormOption[]> {
  if (source === 'genres') {
    const folded = foldText(query);
    const exact = query.trim() ? normaliseGenre(query) : undefined;
    const matches = allGenres().filter(
      (genre) => genre.id !== exact?.id && foldText(genre.label).includes(folded),
    );
    return [...(exact ? [exact] : []), ...matches]
      .slice(0, limit)
      .map((g) => ({ value: g.id, label: g.label }));
  }
  const word = query.trim().replace(/^@/, '').toLowerCase();
  return context.work.inTenant(context.tenant.id, async (stores) => {
    const { creators } = word
      ? { creators: await stores.roster.findMany(await stores.roster.similarHandles(word, limit)) }
      : await stores.roster.list({ limit });
    const folded = foldText(word);
    return creators
      .filter((c) => !word || c.handle.includes(word) || foldText(c.displayName).includes(folded))
      .slice(0, limit)
      .map((c) => ({ value: c.handle, label: `${c.displayName} (@${c.handle})` }));
  });
}
