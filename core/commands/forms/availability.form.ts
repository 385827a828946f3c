import { type FormDefinition, textValue } from '../forms.ts';

export const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Set availability: a weekly grid (ranges per day, in the person's zone) and one day off or extra
 * time. Submitted as one `avail.week`: every rule and the one-off in one transaction, or none.
 */
export function availabilityForm(): FormDefinition {
  return {
    command: 'avail.week',
    form: {
      id: 'availability',
      title: 'Availability',
      submitLabel: 'Save',
      fields: [
        { kind: 'heading', id: 'weekly', label: 'Every week (your time zone)' },
        ...WEEK_DAYS.map((day, i) => ({
          kind: 'text' as const,
          id: `day.${day}`,
          label: DAY_LABELS[i]!,
          placeholder: 'e.g. 10:00-13:00, 14:00-18:00',
          maxLength: 100,
        })),
        { kind: 'heading', id: 'one-day', label: 'One day' },
        { kind: 'date', id: 'oneoff.date', label: 'Date' },
        {
          kind: 'select',
          id: 'oneoff.kind',
          label: 'That day I am',
          options: {
            fixed: [
              { value: 'off', label: 'off (not available)' },
              { value: 'extra', label: 'available extra' },
            ],
          },
          initial: 'off',
        },
        {
          kind: 'text',
          id: 'oneoff.range',
          label: 'Hours (leave empty for the whole day off)',
          placeholder: 'e.g. 10:00-12:00',
          maxLength: 20,
        },
      ],
    },
    toInput(values) {
      const days = Object.fromEntries(
        WEEK_DAYS.flatMap((day) => {
          const text = textValue(values, `day.${day}`);
          return text ? [[day, text]] : [];
        }),
      );
      const date = textValue(values, 'oneoff.date');
      const hours = textValue(values, 'oneoff.range');
      const kind = textValue(values, 'oneoff.kind') ?? 'off';
      return {
        days,
        ...(date || hours
          ? { oneOff: { ...(date ? { date } : {}), kind, ...(hours ? { hours } : {}) } }
          : {}),
      };
    },
    fieldOf(path) {
      const day = /^days\.(\w+)/.exec(path)?.[1];
      if (day) return `day.${day}`;
      if (path.startsWith('oneOff.hours')) return 'oneoff.range';
      if (path.startsWith('oneOff')) return 'oneoff.date';
      return 'day.mon';
    },
  };
}
