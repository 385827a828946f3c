import { type FormDefinition, listValue, textValue } from '../forms.ts';

export const DURATIONS_MINUTES = [60, 90, 120, 180, 240] as const;

/**
 * Propose a session: who (creators, searched), when (an instant picked in the person's zone), how
 * long, where (a room, or a call link for a remote session), a title and notes.
 */
export function proposeForm(
  initialCreators: readonly { value: string; label: string }[] = [],
): FormDefinition {
  return {
    command: 'session.propose',
    form: {
      id: 'propose',
      title: 'Propose a session',
      submitLabel: 'Propose',
      fields: [
        {
          kind: 'multiSelect',
          id: 'participants',
          label: 'Who',
          isRequired: true,
          options: { search: 'creators', initial: initialCreators },
          initial: initialCreators.map((c) => c.value),
          maxItems: 8,
        },
        { kind: 'dateTime', id: 'start', label: 'Starts', isRequired: true },
        {
          kind: 'select',
          id: 'duration',
          label: 'Length',
          isRequired: true,
          options: { fixed: DURATIONS_MINUTES.map((m) => ({ value: String(m), label: `${m / 60} h` })) },
          initial: '120',
        },
        { kind: 'text', id: 'room', label: 'Room (in person)', maxLength: 250 },
        { kind: 'url', id: 'remote', label: 'Or a call link (remote)' },
        { kind: 'text', id: 'title', label: 'Title', maxLength: 200 },
        { kind: 'longText', id: 'notes', label: 'Notes', maxLength: 4000 },
      ],
    },
    toInput(values) {
      const start = values.start;
      const option = (id: string) => textValue(values, id);
      return {
        creators: listValue(values, 'participants'),
        ...(typeof start === 'number' ? { startsAt: new Date(start * 1000).toISOString() } : {}),
        ...(option('duration') ? { durationMinutes: Number(option('duration')) } : {}),
        ...(option('room') ? { room: option('room') } : {}),
        ...(option('remote') ? { remoteUrl: option('remote') } : {}),
        ...(option('title') ? { title: option('title') } : {}),
        ...(option('notes') ? { notes: option('notes') } : {}),
      };
    },
    fieldOf(path) {
      const field: Record<string, string> = {
        creators: 'participants',
        startsAt: 'start',
        durationMinutes: 'duration',
        room: 'room',
        remoteUrl: 'remote',
        title: 'title',
        notes: 'notes',
      };
      return field[path.split(/[.[]/)[0] ?? ''] ?? 'participants';
    },
  };
}
