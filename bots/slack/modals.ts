import type { Reply } from '../../core/commands/reply.ts';
import type { CreatorSummary } from '../../core/commands/services.ts';
import { genreById } from '../../core/profiles/genres.ts';
import { ROLE_IDS } from '../../core/profiles/roles.ts';
import { renderReply } from './blocks.ts';
import { SLACK_LIMITS as L, truncate } from './limits.ts';
import type { ModalKind } from './slash-commands.ts';

/**
 * The three forms: edit profile, set availability, propose a session. Each submits back into the
 * shared command layer (see modal-submissions.ts); the `callback_id` names the form.
 * https://docs.slack.dev/surfaces/modals
 */
export const MODAL_CALLBACK: Record<ModalKind, string> = {
  profile: 'sa.profile',
  availability: 'sa.availability',
  propose: 'sa.propose',
};

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const DURATIONS_MINUTES = [60, 90, 120, 180, 240] as const;

const plain = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const option = (text: string, value: string) => ({ text: plain(text, L.optionText), value });

function input(blockId: string, label: string, element: Record<string, unknown>, isOptional = true) {
  return { type: 'input', block_id: blockId, label: plain(label), optional: isOptional, element };
}

function modal(kind: ModalKind, title: string, submit: string, blocks: unknown[]) {
  return {
    type: 'modal' as const,
    callback_id: MODAL_CALLBACK[kind],
    title: plain(title, L.modalTitle),
    submit: plain(submit, L.modalButton),
    close: plain('Cancel', L.modalButton),
    blocks,
  };
}

/** Genres come from the taxonomy through an external select (`options` requests), the rest inline. */
export function profileModal(current: CreatorSummary | undefined) {
  const genres = (current?.genres ?? []).flatMap((id) => {
    const genre = genreById(id);
    return genre ? [option(genre.label, genre.id)] : [];
  });
  const roles = ROLE_IDS.map((role) => option(role, role));
  const currentRoles = roles.filter((role) => current?.roles.includes(role.value));
  return modal('profile', 'Your profile', 'Save', [
    input('genres', 'Genres', {
      type: 'multi_external_select',
      action_id: 'genres',
      min_query_length: 0,
      placeholder: plain('Search genres'),
      ...(genres.length ? { initial_options: genres.slice(0, L.selectOptions) } : {}),
    }),
    input('roles', 'Roles', {
      type: 'multi_static_select',
      action_id: 'roles',
      options: roles,
      ...(currentRoles.length ? { initial_options: currentRoles } : {}),
    }),
    input('inspirations', 'Inspirations (artists, songs; one per line)', {
      type: 'plain_text_input',
      action_id: 'inspirations',
      multiline: true,
      max_length: 1000,
    }),
    input('city', 'City', {
      type: 'plain_text_input',
      action_id: 'city',
      max_length: 100,
      ...(current?.city ? { initial_value: current.city } : {}),
    }),
    input('location', 'Location', {
      type: 'checkboxes',
      action_id: 'location',
      options: [option('Show my city to co-writers and publishers', 'on')],
    }),
  ]);
}

/** A weekly grid (one row per day, ranges like 10:00-18:00) and one one-off day off or extra time. */
export function availabilityModal() {
  const rows = DAYS.map((day, i) =>
    input(`day.${day}`, DAY_LABELS[i]!, {
      type: 'plain_text_input',
      action_id: 'ranges',
      placeholder: plain('e.g. 10:00-13:00, 14:00-18:00'),
      max_length: 100,
    }),
  );
  return modal('availability', 'Availability', 'Save', [
    { type: 'header', text: plain('Every week (your time zone)', L.headerText) },
    ...rows,
    { type: 'header', text: plain('One day', L.headerText) },
    input('oneoff.date', 'Date', { type: 'datepicker', action_id: 'date' }),
    input('oneoff.kind', 'That day I am', {
      type: 'radio_buttons',
      action_id: 'kind',
      options: [option('off (not available)', 'off'), option('available extra', 'extra')],
    }),
    input('oneoff.range', 'Hours (leave empty for the whole day off)', {
      type: 'plain_text_input',
      action_id: 'range',
      placeholder: plain('e.g. 10:00-12:00'),
      max_length: 20,
    }),
  ]);
}

/**
 * Participants (Slack people), a start time, length, where (a room in person, or a call link for
 * a remote session), a title and notes.
 */
export function proposeModal(initialSlackUserIds: readonly string[] = []) {
  return modal('propose', 'Propose a session', 'Propose', [
    input(
      'participants',
      'Who',
      {
        type: 'multi_users_select',
        action_id: 'users',
        ...(initialSlackUserIds.length ? { initial_users: [...initialSlackUserIds] } : {}),
      },
      false,
    ),
    input('start', 'Starts', { type: 'datetimepicker', action_id: 'at' }, false),
    input(
      'duration',
      'Length',
      {
        type: 'static_select',
        action_id: 'minutes',
        options: DURATIONS_MINUTES.map((m) => option(`${m / 60} h`, String(m))),
        initial_option: option('2 h', '120'),
      },
      false,
    ),
    input('room', 'Room (in person)', {
      type: 'plain_text_input',
      action_id: 'room',
      max_length: 100,
    }),
    input('remote', 'Or a call link (remote)', {
      type: 'url_text_input',
      action_id: 'link',
    }),
    input('title', 'Title', { type: 'plain_text_input', action_id: 'title', max_length: 150 }),
    input('notes', 'Notes', {
      type: 'plain_text_input',
      action_id: 'notes',
      multiline: true,
      max_length: 1000,
    }),
  ]);
}

/** After a submission: the command's answer, in the modal. */
export function resultView(answer: Reply) {
  return {
    type: 'modal' as const,
    title: plain('Session Align', L.modalTitle),
    close: plain('Done', L.modalButton),
    blocks: renderReply(answer, { surface: 'view' }).blocks,
  };
}
