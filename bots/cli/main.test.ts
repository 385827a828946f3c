import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/shared/app-error.ts';
import { describeFailure } from './describe-failure.ts';

const logLevel = process.env.LOG_LEVEL;
afterEach(() => {
  if (logLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = logLevel;
});

/** What drizzle throws for a failed query: the parameters (user data) are in the message. */
const failedQuery = () =>
  new Error(
    'Failed query: insert into "calendars" ("url_sealed") values ($1)\nparams: https://calendar.example/private-secret/basic.ics,ida@example.com',
  );

describe('describeFailure', () => {
  it('gives an expected failure as its message', () => {
    expect(describeFailure(new AppError('tenancy.unknown_tenant', 'No tenant with slug "x".'))).toBe(
      'No tenant with slug "x".',
    );
  });

  it('gives a bug as one redacted line without the query parameters or a stack', () => {
    delete process.env.LOG_LEVEL;
    expect(describeFailure(failedQuery())).toBe(
      'Unexpected error (Error): Failed query: insert into "calendars" ("url_sealed") values ($1)\nparams: [omitted]. ' +
        'Run with LOG_LEVEL=debug for the stack.',
    );
  });

  it('adds the stack, still redacted, with LOG_LEVEL=debug', () => {
    process.env.LOG_LEVEL = 'debug';
    const shown = describeFailure(failedQuery());
    expect(shown).toMatch(/^Unexpected error: Error: Failed query: .*\nparams: \[omitted\]\n {4}at /);
    expect(shown).not.toContain('private-secret');
    expect(shown).not.toContain('ida@example.com');
  });
});
