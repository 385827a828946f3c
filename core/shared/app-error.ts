/**
 * An expected failure with a stable machine code (`availability.bad_rrule`) and a human message.
 * Surfaces map codes to user-facing text in one place; nothing matches on `message`.
 *
 * @example
 * throw new AppError('tenancy.unknown_tenant', 'No tenant with slug "acme"', { slug: 'acme' });
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The error to show a person: an AppError's own message, or a generic line for a bug (never a stack). */
export function userFacingMessage(error: unknown): string {
  return isAppError(error) ? error.message : 'Something went wrong on our side. It has been logged.';
}
