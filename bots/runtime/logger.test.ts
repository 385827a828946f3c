import { describe, expect, it } from 'vitest';
import { createLogger, textLogLine } from './logger.ts';

function capture(format: 'json' | 'text') {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) }, format);
  return { logger, lines };
}

describe('createLogger formats', () => {
  it('writes one JSON object per line by default', () => {
    const { logger, lines } = capture('json');
    logger.info({ applied: ['0001_foundation'] }, 'database migrated');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      service: 'session-align',
      applied: ['0001_foundation'],
      msg: 'database migrated',
    });
  });

  it('writes a sentence per line in text, without time or service, and still redacted', () => {
    const { logger, lines } = capture('text');
    logger.info({ applied: ['0001_foundation', '0002_availability'] }, 'database migrated');
    logger.warn({ err: new Error('token xoxb-123-456-abc refused'), job: 'sync' }, 'job attempt failed');
    logger.info('stopped');
    expect(lines).toEqual([
      'info: database migrated (applied: 0001_foundation, 0002_availability)\n',
      'warn: job attempt failed (err: Error: token xoxb-[redacted] refused; job: sync)\n',
      'info: stopped\n',
    ]);
    expect(lines.join('')).not.toContain('{"level"');
  });
});

describe('textLogLine', () => {
  it('shows numbers and objects as JSON and passes a line that is not JSON through', () => {
    expect(textLogLine('{"level":40,"msg":"slow","ms":12,"where":{"a":1}}\n')).toBe(
      'warn: slow (ms: 12; where: {"a":1})\n',
    );
    expect(textLogLine('plain words')).toBe('plain words\n');
  });
});
