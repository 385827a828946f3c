import { describeCommands } from '../../core/commands/command-schema.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { ROLE_LABELS, ROLES } from '../../core/tenancy/roles.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';

const USAGE = 'usage: commands [--json]';

/**
 * `session-align commands [--json]`: the command registry. With `--json`, one JSON array: each
 * command's name, summary, roles, effect, chat syntax, examples and its input as JSON Schema
 * (draft 2020-12), what an LLM tool or a script calls `invoke` with. Without, one line per command.
 */
export function commandsCli(argv: string[]): CliOutcome {
  const unknown = argv.find((arg) => arg !== '--json');
  if (unknown) return fail(`commands: unknown argument "${unknown}"; ${USAGE}\n`, 2);
  const commands = describeCommands(createCommandRegistry());
  if (argv.includes('--json'))
    return { stdout: `${JSON.stringify(commands, null, 2)}\n`, stderr: '', exitCode: 0 };
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => {
    const who =
      command.roles.length === ROLES.length
        ? 'everyone'
        : command.roles.map((role) => ROLE_LABELS[role]).join(', ');
    return `${command.name.padEnd(width)}  ${command.summary} (${who})${command.chat ? `  ${command.chat}` : ''}`;
  });
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}
