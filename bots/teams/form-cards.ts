import { DateTime } from 'luxon';
import type { Form, FormField, FormValues } from '../../core/commands/forms.ts';
import { type AdaptiveCard, type CardElement, card, textBlock } from './adaptive-cards.ts';
import { truncate } from './card-limits.ts';

/** Prefilled values and per-field problems when a submission comes back with errors. */
export interface FormState {
  values?: Readonly<Record<string, unknown>>;
  errors?: Readonly<Record<string, string>>;
}

/**
 * A platform-neutral form as Adaptive Card inputs (schema 1.5) with one submit button whose data
 * names the form, so the submission (a message activity whose `value` carries every input) is routed
 * back to it. Searched selects become text inputs (handles separated by commas): Teams' typeahead
 * needs Universal Actions, which a plain `Action.Submit` card has not.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-actions#adaptive-cards-actions
 */
export function formCard(form: Form, state: FormState = {}): AdaptiveCard {
  const body: CardElement[] = [textBlock(form.title, { size: 'Large', weight: 'Bolder', style: 'heading' })];
  for (const field of form.fields) {
    body.push(...inputsOf(field, state.values ?? {}));
    const problem = state.errors?.[field.id];
    if (problem) body.push(textBlock(`❌ ${problem}`, { color: 'Attention', spacing: 'None' }));
  }
  return card(body, [
    {
      type: 'Action.Submit',
      title: truncate(form.submitLabel, 80),
      style: 'positive',
      data: { submitForm: form.id },
    },
  ]);
}

const label = (field: { label: string; isRequired?: boolean }) => ({
  label: field.label,
  ...(field.isRequired ? { isRequired: true, errorMessage: `${field.label} is required` } : {}),
});

function inputsOf(field: FormField, values: Readonly<Record<string, unknown>>): CardElement[] {
  if (field.kind === 'heading') return [textBlock(field.label, { weight: 'Bolder', separator: true })];
  const prior = values[field.id];
  const initial = (fallback: unknown) =>
    prior !== undefined && prior !== ''
      ? { value: String(prior) }
      : fallback !== undefined
        ? { value: String(fallback) }
        : {};
  const help = field.help ? [textBlock(field.help, { isSubtle: true, size: 'Small', spacing: 'None' })] : [];
  switch (field.kind) {
    case 'text':
    case 'longText':
      return [
        {
          type: 'Input.Text',
          id: field.id,
          ...label(field),
          ...(field.kind === 'longText' ? { isMultiline: true } : {}),
          ...(field.placeholder ? { placeholder: field.placeholder } : {}),
          ...(field.maxLength ? { maxLength: field.maxLength } : {}),
          ...initial(field.initial),
        },
        ...help,
      ];
    case 'url':
      return [
        { type: 'Input.Text', id: field.id, style: 'Url', ...label(field), ...initial(field.initial) },
        ...help,
      ];
    case 'select':
    case 'multiSelect': {
      const isMulti = field.kind === 'multiSelect';
      const initialValue = isMulti ? field.initial?.join(',') : field.initial;
      if ('search' in field.options) {
        return [
          {
            type: 'Input.Text',
            id: field.id,
            ...label(field),
            placeholder: isMulti ? 'handles or names, separated by commas' : 'type a name',
            ...initial(initialValue),
          },
          ...help,
        ];
      }
      return [
        {
          type: 'Input.ChoiceSet',
          id: field.id,
          ...label(field),
          style: 'compact',
          ...(isMulti ? { isMultiSelect: true } : {}),
          choices: field.options.fixed.map((option) => ({ title: option.label, value: option.value })),
          ...initial(initialValue),
        },
        ...help,
      ];
    }
    case 'date':
      return [{ type: 'Input.Date', id: field.id, ...label(field), ...initial(field.initial) }, ...help];
    case 'time':
      return [{ type: 'Input.Time', id: field.id, ...label(field), ...initial(field.initial) }, ...help];
    case 'dateTime':
      // Adaptive Cards have no date-time input: a date and a time, read in the person's zone.
      return [
        {
          type: 'Input.Date',
          id: `${field.id}.date`,
          ...label(field),
          ...initial(values[`${field.id}.date`]),
        },
        { type: 'Input.Time', id: `${field.id}.time`, label: 'Time', ...initial(values[`${field.id}.time`]) },
        ...help,
      ];
    case 'number':
      return [
        {
          type: 'Input.Number',
          id: field.id,
          ...label(field),
          min: field.min,
          max: field.max,
          ...initial(field.initial),
        },
        ...help,
      ];
    case 'checkbox':
      return [
        {
          type: 'Input.Toggle',
          id: field.id,
          ...label(field),
          title: field.text,
          valueOn: 'true',
          valueOff: 'false',
          value: String(prior ?? field.initial ?? false),
        },
        ...help,
      ];
  }
}

/** The most characters one submitted input may have (every field of our forms is far shorter). */
const MAX_INPUT_LENGTH = 4000;

/**
 * The inputs of a submission (`activity.value`) as the form's values: strings trimmed and bounded,
 * multi-selects split on commas, numbers and checkboxes typed, a date and time joined into epoch
 * seconds in the person's zone. Unknown keys are ignored.
 */
export function formValuesOf(
  form: Form,
  value: Readonly<Record<string, unknown>>,
  timeZone: string,
): FormValues {
  const str = (key: string): string | undefined => {
    const raw = value[key];
    if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
    const text = String(raw).trim().slice(0, MAX_INPUT_LENGTH);
    return text === '' ? undefined : text;
  };
  const out: Record<string, string | readonly string[] | boolean | number | undefined> = {};
  for (const field of form.fields) {
    switch (field.kind) {
      case 'heading':
        break;
      case 'multiSelect':
        out[field.id] = (str(field.id) ?? '')
          .split(',')
          .map((part) => part.trim().replace(/^@/, ''))
          .filter(Boolean)
          .slice(0, 50);
        break;
      case 'number': {
        const text = str(field.id);
        out[field.id] = text === undefined ? undefined : Number(text);
        break;
      }
      case 'checkbox':
        out[field.id] = str(field.id) === 'true';
        break;
      case 'dateTime': {
        const date = str(`${field.id}.date`);
        const time = str(`${field.id}.time`);
        const at = date && time ? DateTime.fromISO(`${date}T${time}`, { zone: timeZone }) : undefined;
        out[field.id] = at?.isValid ? Math.floor(at.toSeconds()) : undefined;
        break;
      }
      default:
        out[field.id] = str(field.id);
    }
  }
  return out;
}
