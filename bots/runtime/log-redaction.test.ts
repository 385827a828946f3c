import { describe, expect, it } from 'vitest';
import {
  boundedText,
  isSecretField,
  LOG_LIMITS,
  loggable,
  loggableError,
  redactText,
} from './log-redaction.ts';
import { createLogger } from './logger.ts';

function capture(level = 'trace') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('redactText', () => {
  it.each([
    ['token xoxb-123-456-abcDEF here', 'token xoxb-[redacted] here'],
    [
      'xoxp-1-2 and xapp-1-A0-99 and xoxe.xoxp-1',
      'xoxp-[redacted] and xapp-[redacted] and xoxe.xoxp-[redacted]',
    ],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
    ['client_id=1&client_secret=s3cr3t&code=c0de', 'client_id=1&client_secret=[redacted]&code=[redacted]'],
    [
      '{"client_secret":"s3","code":"c","ok":true}',
      '{"client_secret":"[redacted]","code":"[redacted]","ok":true}',
    ],
    ['{"bot_token": "x\\"y", "password":"p"}', '{"bot_token": "[redacted]", "password":"[redacted]"}'],
    ['password: hunter2, next', 'password: [redacted], next'],
    ['mail ida.s+x@example.co.uk now', 'mail [email] now'],
    ['postgres://app:pw@db.internal:5432/sa', 'postgres://[redacted]@db.internal:5432/sa'],
    [
      'fetch https://calendar.google.com/calendar/ical/ida%40x.com/private-abc/basic.ics failed',
      'fetch https://calendar.google.com/[redacted] failed',
    ],
    ['webcal://p01-caldav.icloud.com/published/2/MTIz', 'webcal://p01-caldav.icloud.com/[redacted]'],
    ['https://hooks.slack.com/commands/T1/2/abc', 'https://hooks.slack.com/[redacted]'],
    ['https://slack.com/api/oauth.v2.access', 'https://slack.com/api/oauth.v2.access'],
    ['http://127.0.0.1:3000/ and http://localhost:3000', 'http://127.0.0.1:3000/ and http://localhost:3000'],
    ['session propose @ana 2030-12-03 17:00', 'session propose @ana 2030-12-03 17:00'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe('loggable values', () => {
  it('replaces fields named like secrets at any depth, and bounds size and depth', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const value = loggable({
      config: {
        SLACK_BOT_TOKEN: 'a',
        DATABASE_URL: 'b',
        nested: { deeper: { client_secret: 'c', botToken: 'd' } },
      },
      headers: { Authorization: 'e', cookie: 'f', 'x-request-id': 'kept' },
      code: 'sessions.conflict',
      circular,
      long: 'y'.repeat(LOG_LIMITS.stringChars + 50),
      list: Array.from({ length: LOG_LIMITS.items + 5 }, (_, i) => i),
      bytes: Buffer.from('secret bytes'),
    }) as Record<string, Record<string, unknown>>;
    expect(value.config).toEqual({
      SLACK_BOT_TOKEN: '[redacted]',
      DATABASE_URL: '[redacted]',
      nested: { deeper: { client_secret: '[redacted]', botToken: '[redacted]' } },
    });
    expect(value.headers).toEqual({
      Authorization: '[redacted]',
      cookie: '[redacted]',
      'x-request-id': 'kept',
    });
    expect(value.code).toBe('sessions.conflict');
    expect(value.circular).toEqual({ name: 'loop', self: '[circular]' });
    expect(value.long).toBe(`${'y'.repeat(LOG_LIMITS.stringChars)}… [50 more characters]`);
    expect((value.list as unknown as unknown[]).at(-1)).toBe('… 5 more');
    expect(value.bytes).toBe('[12 bytes]');
  });

  it('keeps field names that only look similar', () => {
    expect(['code', 'tokenCount', 'tenantId', 'credentialsSealed', 'state'].filter(isSecretField)).toEqual(
      [],
    );
  });

  it('redacts before cutting, so a cut never leaves half a secret', () => {
    const text = `${'a'.repeat(1990)} ida@example.com`;
    expect(boundedText(text)).not.toContain('ida@exa');
  });

  it("shows an error's type, message, stack, code and cause, without a failed query's parameters", () => {
    const cause = Object.assign(new Error('value too long'), {
      code: '23514',
      detail: 'Failing row contains (x)',
    });
    const error = new Error(
      `Failed query: insert into "sessions" ("title") values ($1)\nparams: ${'t'.repeat(400_000)}`,
      {
        cause,
      },
    );
    const shown = loggableError(error);
    expect(shown.message).toBe(
      'Failed query: insert into "sessions" ("title") values ($1)\nparams: [omitted]',
    );
    expect(shown.stack).toMatch(/^Error: Failed query: .*\nparams: \[omitted\]\n {4}at /);
    expect(shown.cause).toEqual(
      expect.objectContaining({ type: 'Error', message: 'value too long', code: '23514' }),
    );
    expect(JSON.stringify(shown)).not.toContain('Failing row');
    expect(JSON.stringify(shown).length).toBeLessThan(8 * 1024);
  });
});

describe('the logger', () => {
  it('redacts messages, fields, format arguments, errors and child bindings at every level', () => {
    const { logger, lines } = capture();
    const child = logger.child({ component: 'x', botToken: 'xoxb-in-binding' });
    child.trace({ url: 'https://calendar.example.com/feeds/secret-1.ics' }, 'trace');
    child.debug('body: client_secret=secret-2&code=secret-3');
    child.info('user %s wrote %o', 'ida@example.com', { email: 'ben@example.com' });
    child.warn({ req: { headers: { authorization: 'Bearer secret-4' } } }, 'warn');
    child.error(new Error('could not use xoxp-secret-5'));
    child.fatal({ err: new Error('password: secret-6') }, 'fatal');
    const output = lines.join('');
    expect(lines).toHaveLength(6);
    for (const secret of [
      'in-binding',
      'secret-1',
      'secret-2',
      'secret-3',
      'ida@',
      'ben@',
      'secret-4',
      'secret-5',
      'secret-6',
    ])
      expect(output).not.toContain(secret);
  });

  it('logs an error given first with its message as the line message, as pino does', () => {
    const { logger, parsed } = capture();
    logger.error(new Error('boom'));
    logger.warn({ err: new TypeError('bad'), job: 'sync' }, 'job attempt failed');
    expect(parsed()).toEqual([
      expect.objectContaining({
        msg: 'boom',
        err: expect.objectContaining({ type: 'Error', message: 'boom' }),
      }),
      expect.objectContaining({
        msg: 'job attempt failed',
        job: 'sync',
        err: expect.objectContaining({ type: 'TypeError', message: 'bad' }),
      }),
    ]);
  });
});
