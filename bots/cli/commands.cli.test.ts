import { spawnSync } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { CommandDescription } from '../../core/commands/command-schema.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { ROLES } from '../../core/tenancy/roles.ts';
import { CLI_BIN } from '../../test/support/cli-processes.ts';

const registry = createCommandRegistry();

function commandsJson(): CommandDescription[] {
  const run = spawnSync(process.execPath, [CLI_BIN, 'commands', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  expect(run).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(run.stdout);
}

describe('session-align commands --json', () => {
  const commands = commandsJson();
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validatorOf = (name: string) => {
    const command = commands.find((entry) => entry.name === name);
    if (!command) throw new Error(`no ${name} in the output`);
    return ajv.compile(command.input);
  };

  it('lists every command of the registry with its name, summary, roles and input', () => {
    expect(commands.map((command) => command.name)).toEqual(registry.list().map((command) => command.name));
    for (const command of commands) {
      expect(command.summary.length).toBeGreaterThan(0);
      expect(command.roles.length).toBeGreaterThan(0);
      for (const role of command.roles) expect(ROLES).toContain(role);
    }
    expect(commands.find((command) => command.name === 'session.configure')?.roles).toEqual(['tenant_admin']);
    expect(commands.find((command) => command.name === 'session.accept')).toMatchObject({
      chat: '/session accept',
      effect: 'write',
    });
  });

  it('gives every input as a valid draft 2020-12 JSON Schema of an object', () => {
    for (const command of commands) {
      expect(command.input.$schema, command.name).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(ajv.validateSchema(command.input), `${command.name}: ${ajv.errorsText()}`).toBe(true);
      expect(() => ajv.compile(command.input), command.name).not.toThrow();
      expect(command.input.type, command.name).toBe('object');
    }
  });

  it('says what the command takes: one limit, unknown fields refused, required fields named', () => {
    const pair = validatorOf('pair.suggest');
    expect(pair({ creators: ['ana-rossi'], limit: 50 })).toBe(true);
    expect(pair({ limit: 51 })).toBe(false);
    expect(pair({ k: 5 })).toBe(false);
    const accept = validatorOf('session.accept');
    expect(accept({})).toBe(false);
    expect(accept.errors?.some((error) => error.keyword === 'required')).toBe(true);
  });

  it('agrees with the zod schema on what it accepts', () => {
    const pair = validatorOf('pair.suggest');
    const zodPair = registry.get('pair.suggest')!.input;
    const samples: unknown[] = [
      { creators: ['ana-rossi', 'ben-okafor'] },
      { genres: ['alt-pop'], size: 3, inPerson: { near: 'Nashville', radiusKm: 80 } },
      { window: { start: '2030-12-03T22:00Z', end: '2030-12-10T22:00Z' }, minMinutes: 120 },
      { size: 4 },
      { creators: ['a', 'b', 'c', 'd'] },
      { inPerson: { city: 'Oslo' } },
    ];
    for (const sample of samples)
      expect(pair(sample), JSON.stringify(sample)).toBe(zodPair.safeParse(sample).success);
  });
});
