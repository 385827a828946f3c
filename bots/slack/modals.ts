import type { Form, FormField, FormOption, FormValues } from '../../core/commands/forms.ts';
import type { Reply } from '../../core/commands/reply.ts';
import { renderReply } from './blocks.ts';
import { SLACK_LIMITS as L, truncate } from './limits.ts';

/** `sa.form.<id>`: the callback id that routes a submission back to its form. */
export const FORM_CALLBACK_PREFIX = 'sa.form.';
export const formIdOf = (callbackId: string) =>
  callbackId.startsWith(FORM_CALLBACK_PREFIX) ? callbackId.slice(FORM_CALLBACK_PREFIX.length) : undefined;

const plain = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const option = (o: FormOption) => ({
  text: plain(o.label, L.optionText),
  value: o.value.slice(0, L.optionValue),
});

/** Initial options of a select: the known labels for the values it starts with. */
function initialOptions(
  field: Extract<FormField, { kind: 'select' | 'multiSelect' }>,
  values: readonly string[],
) {
  const known = 'fixed' in field.options ? field.options.fixed : (field.options.initial ?? []);
  return known
    .filter((o) => values.includes(o.value))
    .slice(0, L.selectOptions)
    .map(option);
}

function element(field: Exclude<FormField, { kind: 'heading' }>): Record<string, unknown> {
  const id = { action_id: field.id };
  switch (field.kind) {
    case 'text':
    case 'longText':
      return {
        type: 'plain_text_input',
        ...id,
        ...(field.kind === 'longText' ? { multiline: true } : {}),
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
        ...(field.initial ? { initial_value: field.initial } : {}),
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
      };
    case 'url':
      return { type: 'url_text_input', ...id, ...(field.initial ? { initial_value: field.initial } : {}) };
    case 'select': {
      const initial = field.initial ? initialOptions(field, [field.initial])[0] : undefined;
      return 'fixed' in field.options
        ? {
            type: 'static_select',
            ...id,
            options: field.options.fixed.slice(0, L.selectOptions).map(option),
            ...(initial ? { initial_option: initial } : {}),
          }
        : {
            type: 'external_select',
            ...id,
            min_query_length: 0,
            ...(initial ? { initial_option: initial } : {}),
          };
    }
    case 'multiSelect': {
      const initial = initialOptions(field, field.initial ?? []);
      const common = {
        ...id,
        ...(initial.length ? { initial_options: initial } : {}),
        ...(field.maxItems ? { max_selected_items: field.maxItems } : {}),
      };
      return 'fixed' in field.options
        ? {
            type: 'multi_static_select',
            ...common,
            options: field.options.fixed.slice(0, L.selectOptions).map(option),
          }
        : { type: 'multi_external_select', ...common, min_query_length: 0 };
    }
    case 'date':
      return { type: 'datepicker', ...id, ...(field.initial ? { initial_date: field.initial } : {}) };
    case 'time':
      return { type: 'timepicker', ...id, ...(field.initial ? { initial_time: field.initial } : {}) };
    case 'dateTime':
      return {
        type: 'datetimepicker',
        ...id,
        ...(field.initial ? { initial_date_time: Math.floor(Date.parse(field.initial) / 1000) } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        ...id,
        is_decimal_allowed: false,
        min_value: String(field.min),
        max_value: String(field.max),
        ...(field.initial !== undefined ? { initial_value: String(field.initial) } : {}),
      };
    case 'checkbox': {
      const box = option({ value: 'on', label: field.text });
      return {
        type: 'checkboxes',
        ...id,
        options: [box],
        ...(field.initial ? { initial_options: [box] } : {}),
      };
    }
  }
}

/**
 * A form as a Slack modal: each field an input block (`block_id` = field id), headings as header
 * blocks. Selects searched as people type are external selects (the `options` request).
 * https://docs.slack.dev/surfaces/modals
 */
export function formModal(form: Form) {
  return {
    type: 'modal' as const,
    callback_id: `${FORM_CALLBACK_PREFIX}${form.id}`,
    title: plain(form.title, L.modalTitle),
    submit: plain(form.submitLabel, L.modalButton),
    close: plain('Cancel', L.modalButton),
    blocks: form.fields.slice(0, L.viewBlocks).map((field) =>
      field.kind === 'heading'
        ? { type: 'header', block_id: field.id, text: plain(field.label, L.headerText) }
        : {
            type: 'input',
            block_id: field.id,
            label: plain(field.label, 2000),
            optional: !field.isRequired,
            element: element(field),
            ...(field.help ? { hint: plain(field.help, 2000) } : {}),
          },
    ),
  };
}

/** `view.state.values` as Slack sends it: block_id -> action_id -> element state. */
export type ViewValues = Record<string, Record<string, ElementState>>;

interface ElementState {
  value?: string | null;
  selected_options?: { value: string }[];
  selected_option?: { value: string } | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
}

/** The submitted values by field id, decoded from each element's own state shape. */
export function formValues(form: Form, values: ViewValues): FormValues {
  const out: Record<string, FormValues[string]> = {};
  for (const field of form.fields) {
    if (field.kind === 'heading') continue;
    const state = values[field.id]?.[field.id] ?? Object.values(values[field.id] ?? {})[0] ?? {};
    switch (field.kind) {
      case 'select':
        out[field.id] = state.selected_option?.value ?? undefined;
        break;
      case 'multiSelect':
        out[field.id] = (state.selected_options ?? []).map((o) => o.value);
        break;
      case 'checkbox':
        out[field.id] = (state.selected_options ?? []).some((o) => o.value === 'on');
        break;
      case 'date':
        out[field.id] = state.selected_date ?? undefined;
        break;
      case 'time':
        out[field.id] = state.selected_time ?? undefined;
        break;
      case 'dateTime':
        out[field.id] = state.selected_date_time ?? undefined;
        break;
      case 'number':
        out[field.id] = state.value ? Number(state.value) : undefined;
        break;
      default:
        out[field.id] = state.value ?? undefined;
    }
  }
  return out;
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
