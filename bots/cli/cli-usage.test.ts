import { describe, expect, it } from 'vitest';
import { checkLine, helpTopics, overallUsage } from './cli-usage.ts';

describe('checkLine: help', () => {
  it('answers --help, -h and `help COMMAND [ACTION]` with the same usage on stdout, exit 0', () => {
    for (const topic of helpTopics()) {
      const help = checkLine([...topic, '--help']);
      expect(help, topic.join(' ')).toMatchObject({ stderr: '', exitCode: 0 });
      expect(help!.stdout).toMatch(new RegExp(`^Usage: session-align ${topic[0]}`));
      expect(help!.stdout).toContain('--help');
      expect(checkLine([...topic, '-h'])).toEqual(help);
      expect(checkLine(['help', ...topic])).toEqual(help);
    }
  });

  it('finds --help after other arguments and a verb, and not after --', () => {
    expect(checkLine(['seed', '--tenant', 'x', '--help'])?.stdout).toMatch(/^Usage: session-align seed /);
    expect(checkLine(['tenants', 'create', 'acme', '-h'])?.stdout).toMatch(
      /^Usage: session-align tenants create SLUG/,
    );
    expect(checkLine(['tenants', '--help'])?.stdout).toContain('Actions:\n  list');
    expect(checkLine(['tenants', 'create', '--', '--help'])).toBeUndefined();
  });

  it('prints the command list for no command, --help and help', () => {
    expect(checkLine([])).toEqual({ stdout: overallUsage(), stderr: '', exitCode: 0 });
    expect(checkLine(['--help'])).toEqual(checkLine([]));
    expect(checkLine(['help'])).toEqual(checkLine([]));
    expect(overallUsage()).toMatch(/^Usage: session-align COMMAND/);
    for (const [name] of helpTopics()) expect(overallUsage()).toContain(`\n  ${name} `);
  });

  it('names an unknown command or help topic, exit 2', () => {
    expect(checkLine(['frobnicate'])).toEqual({
      stdout: '',
      stderr: 'Unknown command "frobnicate". Run session-align help for the list.\n',
      exitCode: 2,
    });
    expect(checkLine(['constructor'])?.exitCode).toBe(2);
    expect(checkLine(['help', 'frobnicate'])?.exitCode).toBe(2);
    expect(checkLine(['help', 'tenants', 'destroy'])?.stderr).toBe(
      'help: "tenants" has no action "destroy". Run session-align help tenants.\n',
    );
  });
});

describe('checkLine: arguments', () => {
  const problem = (...argv: string[]) => {
    const outcome = checkLine(argv);
    expect(outcome?.exitCode, argv.join(' ')).toBe(2);
    expect(outcome?.stdout).toBe('');
    expect(outcome?.stderr.split('\n')).toHaveLength(2);
    return outcome!.stderr;
  };

  it('lets a line that fits its spec through', () => {
    expect(checkLine(['serve'])).toBeUndefined();
    expect(checkLine(['seed', '--tenant', 'x', '--creators=3'])).toBeUndefined();
    expect(checkLine(['tenants'])).toBeUndefined();
    expect(checkLine(['tenants', '--json'])).toBeUndefined();
    expect(checkLine(['tenants', 'create', 'acme', '--name', 'Acme'])).toBeUndefined();
    expect(checkLine(['calendar', 'import', '--creator', 'ana', 'tour.ics'])).toBeUndefined();
    expect(checkLine(['import', '--tenant', 'demo', 'a.csv', 'b.csv'])).toBeUndefined();
    expect(checkLine(['chat', '--once=-x'])).toBeUndefined();
  });

  it('names an unknown flag with the usage, in one line', () => {
    expect(problem('migrate', '--dry-run')).toBe(
      'migrate: unknown option --dry-run. Usage: session-align migrate\n',
    );
    expect(problem('seed', '-x')).toMatch(
      /^seed: unknown option -x\. Usage: session-align seed \[--tenant SLUG]/,
    );
    expect(problem('tenants', 'list', '--name', 'x')).toMatch(/^tenants list: unknown option --name\. /);
    expect(problem('serve', '--toString')).toMatch(/^serve: unknown option --toString\./);
  });

  it('names a missing value, a value given to a switch, a missing argument or one too many', () => {
    expect(problem('chat', '--tenant')).toMatch(/^chat: --tenant needs a value \(SLUG\)\. Usage: /);
    expect(problem('chat', '--once', '--as', 'ana')).toMatch(
      /^chat: --once needs a value \("TEXT"\), not "--as" \(write --once=--as if that is the value\)/,
    );
    expect(problem('commands', '--json=yes')).toMatch(/^commands: --json takes no value\./);
    expect(problem('tenants', 'create')).toMatch(/^tenants create: expected SLUG\. Usage: /);
    expect(problem('tenants', 'suspend', 'a', 'b')).toMatch(/^tenants suspend: unexpected argument "b"\./);
    expect(problem('import', 'a.csv')).toMatch(/^import: --tenant SLUG is required\./);
    expect(problem('calendar', 'import', 'x.ics')).toMatch(
      /^calendar import: --creator HANDLE is required\./,
    );
    expect(problem('seed', 'extra')).toMatch(/^seed: unexpected argument "extra"\./);
  });

  it('names an unknown or missing action', () => {
    expect(problem('tenants', 'destroy', 'acme')).toBe(
      'tenants: unknown action "destroy" (expected list, create, suspend, reactivate). Run session-align tenants --help for the usage.\n',
    );
    expect(problem('calendar')).toMatch(/^calendar: an action is needed \(expected import\)/);
  });
});
