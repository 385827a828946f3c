import { describe, expect, it } from 'vitest';
import { availabilitySubmission, profileSubmission, proposeSubmission } from './modal-submissions.ts';
import { commandLineFor, modalFor } from './slash-commands.ts';

describe('slash commands to command lines', () => {
  it('maps /align to any command and native commands to themselves', () => {
    expect(commandLineFor('/align', 'roster genre:pop')).toBe('/roster genre:pop');
    expect(commandLineFor('/align', '/whoami')).toBe('/whoami');
    expect(commandLineFor('/align', '  ')).toBe('/help');
    expect(commandLineFor('/pair', '@ana @ben')).toBe('/pair @ana @ben');
    expect(commandLineFor('/session', '')).toBe('/session');
  });

  it('opens forms for /profile, /avail edit and /session new only', () => {
    expect(modalFor('/profile')).toEqual({ kind: 'profile', mentions: [] });
    expect(modalFor('/avail edit')).toEqual({ kind: 'availability', mentions: [] });
    expect(modalFor('/session new @ana')).toEqual({ kind: 'propose', mentions: ['@ana'] });
    expect(modalFor('/avail')).toBeUndefined();
    expect(modalFor('/session propose @ana @ben 2030-12-03 17:00')).toBeUndefined();
  });
});

describe('form submissions to command lines', () => {
  it('groups weekly days that share hours into one /avail add', () => {
    const values = {
      'day.mon': { ranges: { value: '10:00-13:00, 14:00-18:00' } },
      'day.thu': { ranges: { value: '14:00-18:00' } },
      'oneoff.date': { date: { selected_date: '2030-12-03' } },
      'oneoff.kind': { kind: { selected_option: { value: 'extra' } } },
      'oneoff.range': { range: { value: '09:00-11:00' } },
    };
    expect(availabilitySubmission(values)).toEqual({
      lines: [
        '/avail add mon 10:00-13:00',
        '/avail add mon,thu 14:00-18:00',
        '/avail extra 2030-12-03 09:00-11:00',
      ],
    });
    expect(availabilitySubmission({})).toEqual({
      errors: { 'day.mon': 'Fill in at least one day or the one-off' },
    });
  });

  it('builds /profile set and /session propose lines, quoting free text safely', () => {
    expect(
      profileSubmission({
        genres: { genres: { selected_options: [{ value: 'alt-pop' }, { value: 'r-and-b' }] } },
        inspirations: { inspirations: { value: 'Robyn\n"Dancing On My Own"' } },
        location: { location: { selected_options: [{ value: 'on' }] } },
      }),
    ).toEqual({
      lines: [
        `/profile set genres:"alt-pop,r-and-b" roles:"" inspirations:"Robyn; 'Dancing On My Own'" city:"" location:on`,
      ],
    });
    const handles = new Map([
      ['U0ANA', 'ana'],
      ['U0BEN', 'ben'],
    ]);
    expect(
      proposeSubmission(
        {
          participants: { users: { selected_users: ['U0ANA', 'U0BEN'] } },
          start: { at: { selected_date_time: Date.parse('2030-12-03T22:00:00Z') / 1000 } },
          duration: { minutes: { selected_option: { value: '90' } } },
          room: { room: { value: 'Studio A' } },
        },
        handles,
      ),
    ).toEqual({ lines: ['/session propose @ana @ben at:2030-12-03T22:00Z 90m room:"Studio A"'] });
    const remote = {
      participants: { users: { selected_users: ['U0ANA'] } },
      start: { at: { selected_date_time: Date.parse('2030-12-03T22:00:00Z') / 1000 } },
      remote: { link: { value: 'https://meet.example/abc' } },
      notes: { notes: { value: 'bring\nstems' } },
    };
    expect(proposeSubmission(remote, handles)).toEqual({
      lines: [
        '/session propose @ana at:2030-12-03T22:00Z 120m remote:https://meet.example/abc notes:"bring stems"',
      ],
    });
    expect(proposeSubmission({ ...remote, room: { room: { value: 'Studio A' } } }, handles)).toEqual({
      errors: { remote: 'A session takes a room or a call link, not both' },
    });
  });
});
