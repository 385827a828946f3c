/**
 * A platform-neutral form: what Slack renders as a modal, Teams as Adaptive Card inputs, Discord as
 * a modal and the web page as HTML. A submission becomes one typed command input (`toInput`), so the
 * command's schema is the only validation and a form is all-or-nothing.
 */
export type FormField =
  | (FieldBase & { kind: 'text'; initial?: string; maxLength?: number; placeholder?: string })
  | (FieldBase & { kind: 'longText'; initial?: string; maxLength?: number; placeholder?: string })
  | (FieldBase & { kind: 'url'; initial?: string })
  | (FieldBase & { kind: 'select'; options: FormOptions; initial?: string })
  | (FieldBase & {
      kind: 'multiSelect';
      options: FormOptions;
      initial?: readonly string[];
      maxItems?: number;
    })
  | (FieldBase & { kind: 'date'; initial?: string })
  | (FieldBase & { kind: 'time'; initial?: string })
  /** An instant picked in the person's own zone; submitted as epoch seconds. */
  | (FieldBase & { kind: 'dateTime'; initial?: string })
  | (FieldBase & { kind: 'number'; min: number; max: number; initial?: number })
  | (FieldBase & { kind: 'checkbox'; initial?: boolean /** The words beside the box. */; text: string })
  | { kind: 'heading'; id: string; label: string };

interface FieldBase {
  id: string;
  label: string;
  isRequired?: boolean;
  help?: string;
}

/** A fixed list, or one searched as the person types (`genres`, `creators`). */
export type FormOptions =
  | { fixed: readonly FormOption[] }
  | { search: OptionSource; initial?: readonly FormOption[] };

export interface FormOption {
  value: string;
  label: string;
}

export type OptionSource = 'genres' | 'creators';

export interface Form {
  /** Stable id surfaces use to route the submission back (`availability`). */
  id: string;
  title: string;
  submitLabel: string;
  fields: readonly FormField[];
}

/** Submitted values by field id, decoded by the surface. */
export type FormValues = Readonly<Record<string, string | readonly string[] | boolean | number | undefined>>;

export const textValue = (values: FormValues, id: string): string | undefined => {
  const value = values[id];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

export const listValue = (values: FormValues, id: string): string[] => {
  const value = values[id];
  return Array.isArray(value) ? [...(value as readonly string[])] : [];
};

/**
 * A form and how its submission reaches a command: `toInput` maps the values onto the command's
 * input object (no validation: the schema does that), and `fieldOf` names the form field an input
 * path's problem belongs to, so the error is shown beside it.
 */
export interface FormDefinition {
  form: Form;
  command: string;
  toInput(values: FormValues, context: { timeZone: string }): Record<string, unknown>;
  fieldOf(path: string): string;
}
