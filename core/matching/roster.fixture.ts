/** A small, readable roster for matching tests. */
import { parseCreatorProfile } from '../profiles/creator-profile.normalise.ts';
import type { CreatorProfileInput } from '../profiles/creator-profile.schema.ts';
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';

export function creator(handle: string, input: Partial<CreatorProfileInput> = {}): CreatorProfile {
  return parseCreatorProfile({ handle, displayName: handle.toUpperCase(), ...input });
}

const POP = { genres: ['alt-pop'], inspirations: ['Robyn', 'Lorde'] };

export function fixtureRoster(): CreatorProfile[] {
  return [
    creator('ana', {
      ...POP,
      roles: ['topliner'],
      location: { city: 'Stockholm' },
      isLocationOptIn: true,
      credits: [
        { title: 'Glow', artist: 'Rihanna', year: 2022 },
        { title: 'Team', artist: 'Lorde', year: 2021 },
      ],
    }),
    creator('bo', {
      ...POP,
      roles: ['producer'],
      location: { city: 'Stockholm' },
      isLocationOptIn: true,
      credits: [{ title: 'Other', artist: 'Rihanna', year: 2023 }],
    }),
    creator('cy', { ...POP, roles: ['topliner'], location: { city: 'Los Angeles' }, isLocationOptIn: true }),
    creator('dee', {
      genres: ['metalcore'],
      roles: ['musician'],
      instruments: ['drums'],
      inspirations: ['Architects'],
      location: { city: 'Gothenburg' },
      isLocationOptIn: true,
    }),
    creator('eve', {
      genres: ['synth-pop'],
      roles: ['producer'],
      inspirations: ['Robyn'],
      location: { city: 'Malmö' },
      isLocationOptIn: true,
      credits: [{ title: 'Team', artist: 'Lorde', year: 2021 }],
    }),
    creator('fox', { ...POP, roles: ['producer'], isWritingOptIn: false }),
    creator('gus', {
      genres: ['pop'],
      roles: ['lyricist'],
      credits: [{ title: 'Glow', artist: 'Rihanna', year: 2022 }],
    }),
    creator('hal', { genres: ['alt-pop'], roles: ['producer'], inspirations: ['Lorde'] }),
  ];
}
