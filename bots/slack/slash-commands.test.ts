import { describe, expect, it } from 'vitest';
import { availabilityForm } from '../../core/commands/forms/availability.form.ts';
import { profileForm } from '../../core/commands/forms/profile.form.ts';
import { proposeForm } from '../../core/commands/forms/propose.form.ts';
import { formModal, formValues } from './modals.ts';
import { commandLineFor, formFor } from './slash-commands.ts';

describe('slash commands to command lines', () => {
  it('maps /align to any command and native commands to themselves', () => {
    expect(commandLineFor('/align', 'roster genre:pop')).toBe('/roster genre:pop');
    expect(commandLineFor('/align', '/whoami')).toBe('/whoami');
    expect(commandLineFor('/align', '  ')).toBe('/help');
    expect(commandLineFor('/pair', '@ana @ben')).toBe('/pair @ana @ben');
    expect(commandLineFor('/session', '')).toBe('/session');
  });

  it('opens forms for /profile, /avail edit and /session new only', () => {
    expect(formFor('/profile')).toEqual({ form: 'profile', creators: [] });
    expect(formFor('/avail edit')).toEqual({ form: 'availability', creators: [] });
    expect(formFor('/session new @Ana')).toEqual({ form: 'propose', creators: ['ana'] });
    expect(formFor('/avail')).toBeUndefined();
    expect(formFor('/session propose @ana @ben 2030-12-03 17:00')).toBeUndefined();
  });
});

describe('forms as Slack modals, and their submissions as one typed input', () => {
  it('reads the availability grid into one avail.week input', () => {
    const form = availabilityForm();
    const modal = formModal(form.form);
    expect(modal.callback_id).toBe('sa.form.availability');
    expect(modal.blocks.map((b) => (b as { block_id: string }).block_id)).toEqual([
      'weekly',
      'day.mon',
      'day.tue',
      'day.wed',
      'day.thu',
      'day.fri',
      'day.sat',
      'day.sun',
      'one-day',
      'oneoff.date',
      'oneoff.kind',
      'oneoff.range',
    ]);
    const values = formValues(form.form, {
      'day.mon': { 'day.mon': { value: '10:00-13:00, 14:00-18:00' } },
      'day.thu': { 'day.thu': { value: '14:00-18:00' } },
      'oneoff.date': { 'oneoff.date': { selected_date: '2030-12-03' } },
      'oneoff.kind': { 'oneoff.kind': { selected_option: { value: 'extra' } } },
      'oneoff.range': { 'oneoff.range': { value: '09:00-11:00' } },
    });
    expect(form.toInput(values, { timeZone: 'UTC' })).toEqual({
      days: { mon: '10:00-13:00, 14:00-18:00', thu: '14:00-18:00' },
      oneOff: { date: '2030-12-03', kind: 'extra', hours: '09:00-11:00' },
    });
    expect(form.fieldOf('days.thu')).toBe('day.thu');
    expect(form.fieldOf('oneOff.hours')).toBe('oneoff.range');
  });

  it('reads the profile and propose forms into their commands’ inputs, free text as typed', () => {
    const profile = profileForm(undefined);
    const values = formValues(profile.form, {
      genres: { genres: { selected_options: [{ value: 'alt-pop' }, { value: 'r-and-b' }] } },
      inspirations: { inspirations: { value: 'Robyn\n"Dancing On My Own"' } },
      location: { location: { selected_options: [{ value: 'on' }] } },
    });
    expect(profile.toInput(values, { timeZone: 'UTC' })).toEqual({
      genres: ['alt-pop', 'r-and-b'],
      roles: [],
      inspirations: ['Robyn', '"Dancing On My Own"'],
      city: '',
      location: true,
    });
    const propose = proposeForm();
    const proposed = formValues(propose.form, {
      participants: { participants: { selected_options: [{ value: 'ana' }, { value: 'ben' }] } },
      start: { start: { selected_date_time: Date.parse('2030-12-03T22:00:00Z') / 1000 } },
      duration: { duration: { selected_option: { value: '90' } } },
      room: { room: { value: 'Studio "A"' } },
      notes: { notes: { value: 'bring\nstems' } },
    });
    expect(propose.toInput(proposed, { timeZone: 'UTC' })).toEqual({
      creators: ['ana', 'ben'],
      startsAt: '2030-12-03T22:00:00.000Z',
      durationMinutes: 90,
      room: 'Studio "A"',
      notes: 'bring\nstems',
    });
    expect(propose.fieldOf('remoteUrl')).toBe('remote');
    expect(propose.fieldOf('creators[1]')).toBe('participants');
  });
});
