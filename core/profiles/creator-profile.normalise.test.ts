import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import {
  parseCreatorProfile,
  profileContentKey,
  validateCreatorProfile,
  validateCredit,
} from './creator-profile.normalise.ts';

const base = { handle: 'Robyn.Fan', displayName: '  Ana   Ruiz ' };

describe('validateCreatorProfile', () => {
  it('normalises genres, roles, inspirations, identifiers and location', () => {
    const result = validateCreatorProfile({
      ...base,
      timeZone: 'Europe/Stockholm',
      genres: ['Alt Pop', 'alternative pop', 'Sad Girl Autumn'],
      roles: ['Top-liner', 'beatmaker'],
      instruments: ['Guitar', 'guitar'],
      inspirations: ['Robyn', ' the  Cardigans '],
      ipi: '522100401',
      credits: [
        { title: 'Dancing On My Own', artist: 'Robyn', year: 2010, role: 'writer', isrc: 'se-aaa-10-00001' },
        { title: 'Dancing on my own (Radio Edit)', artist: 'Robyn', year: 2009 },
      ],
      location: { city: 'Stockholm' },
      isLocationOptIn: true,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const profile = result.value;
    expect(profile.handle).toBe('robyn.fan');
    expect(profile.displayName).toBe('Ana Ruiz');
    expect(profile.genres).toEqual(['alt-pop']);
    expect(profile.tags).toEqual(['sad-girl-autumn']);
    expect(profile.roles).toEqual(['topliner', 'producer']);
    expect(profile.instruments).toEqual(['guitar']);
    expect(profile.inspirations).toEqual([
      { key: 'robyn', name: 'Robyn' },
      { key: 'cardigans', name: 'the Cardigans' },
    ]);
    expect(profile.ipi).toBe('00522100401');
    expect(profile.credits).toEqual([
      {
        title: 'Dancing On My Own',
        artist: 'Robyn',
        year: 2009,
        role: 'songwriter',
        isrc: 'SEAAA1000001',
        workKey: 'work:dancing on my own|robyn',
      },
    ]);
    expect(profile.location).toMatchObject({ cityId: 'se-stockholm', lat: 59.33, lon: 18.07 });
  });

  it('drops location without opt-in', () => {
    const result = validateCreatorProfile({
      ...base,
      location: { city: 'Stockholm' },
      isLocationOptIn: false,
    });
    expect(result.ok && result.value.location).toBeUndefined();
  });

  it('reports every problem with its field and code', () => {
    const result = validateCreatorProfile({
      handle: '-bad',
      displayName: 'X',
      timeZone: 'Mars/Olympus',
      roles: ['kazoo'],
      credits: [{ title: 'Song', isrc: 'nope', iswc: 'T-034.524.680-2' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ['handle', 'profiles.bad_handle'],
      ['timeZone', 'profiles.bad_time_zone'],
      ['roles.0', 'profiles.unknown_role'],
      ['credits.0.isrc', 'profiles.bad_isrc'],
      ['credits.0.iswc', 'profiles.bad_iswc'],
    ]);
  });

  it('parseCreatorProfile throws an AppError naming the field', () => {
    try {
      parseCreatorProfile({ ...base, credits: [{ title: 'A', isrc: 'bad' }] });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('profiles.bad_isrc');
      expect(isAppError(error) && error.details.field).toBe('credits.0.isrc');
    }
  });
});

describe('validateCredit', () => {
  it('uses the ISWC as the work key when valid', () => {
    const credit = validateCredit({ title: 'Yesterday', iswc: 't0345246801' });
    expect(credit.ok && credit.value.workKey).toBe('iswc:T-034.524.680-1');
  });
});

describe('profileContentKey', () => {
  it('ignores order and display-only fields but not matching fields', () => {
    const a = parseCreatorProfile({ ...base, genres: ['pop', 'drill'], inspirations: ['Robyn', 'Lorde'] });
    const b = parseCreatorProfile({
      ...base,
      displayName: 'Other',
      genres: ['Drill', 'Pop'],
      inspirations: ['lorde', 'robyn'],
    });
    const c = parseCreatorProfile({ ...base, genres: ['pop'] });
    expect(profileContentKey(a)).toBe(profileContentKey(b));
    expect(profileContentKey(a)).not.toBe(profileContentKey(c));
  });
});
