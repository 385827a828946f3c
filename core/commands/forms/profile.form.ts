import { genreById } from '../../profiles/genres.ts';
import type { ProfileRecord } from '../../profiles/profile.store.ts';
import { ROLE_IDS } from '../../profiles/roles.ts';
import { type FormDefinition, listValue, textValue } from '../forms.ts';

/** Edit profile: genres (searched in the taxonomy), roles, inspirations, city, showing the city. */
export function profileForm(current: ProfileRecord | undefined): FormDefinition {
  const genres = (current?.genres ?? []).flatMap((id) => {
    const genre = genreById(id);
    return genre ? [{ value: genre.id, label: genre.label }] : [];
  });
  return {
    command: 'profile.set',
    form: {
      id: 'profile',
      title: 'Your profile',
      submitLabel: 'Save',
      fields: [
        {
          kind: 'multiSelect',
          id: 'genres',
          label: 'Genres',
          options: { search: 'genres', initial: genres },
          initial: genres.map((g) => g.value),
          maxItems: 20,
        },
        {
          kind: 'multiSelect',
          id: 'roles',
          label: 'Roles',
          options: { fixed: ROLE_IDS.map((role) => ({ value: role, label: role })) },
          initial: current?.roles ?? [],
        },
        {
          kind: 'longText',
          id: 'inspirations',
          label: 'Inspirations (artists, songs; one per line)',
          initial: (current?.inspirations ?? []).join('\n'),
          maxLength: 1000,
        },
        { kind: 'text', id: 'city', label: 'City', initial: current?.location?.city ?? '', maxLength: 120 },
        {
          kind: 'checkbox',
          id: 'location',
          label: 'Location',
          text: 'Show my city to co-writers and publishers',
          initial: current?.isLocationOptIn ?? false,
        },
      ],
    },
    toInput(values) {
      return {
        genres: listValue(values, 'genres'),
        roles: listValue(values, 'roles'),
        inspirations: (textValue(values, 'inspirations') ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        city: textValue(values, 'city') ?? '',
        location: values.location === true,
      };
    },
    fieldOf: (path) => {
      const field = /^(\w+)/.exec(path)?.[1] ?? '';
      return ['genres', 'roles', 'inspirations', 'city', 'location'].includes(field) ? field : 'genres';
    },
  };
}
