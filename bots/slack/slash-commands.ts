import { withoutUmbrella } from '../../core/commands/command-line.ts';
import type { FormId } from '../../core/commands/forms/index.ts';

/**
 * The slash commands the Slack app declares. Each maps onto the shared command layer; `/align`
 * reaches every other command (`/align roster genre:pop` runs `/roster genre:pop`).
 * The manifest (manifests/slack/manifest.json) is generated from this list and tested against it.
 */
export interface SlashCommand {
  command: string;
  description: string;
  usageHint: string;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  {
    command: '/pair',
    description: 'Co-writing suggestions, with the reasons and the windows when everyone is free',
    usageHint: '@creator [@creator] [genre:X] [role:Y] [next week] [2h]',
  },
  {
    command: '/avail',
    description: 'Show or change your availability (/avail edit opens a form)',
    usageHint: '[edit | add DAYS HH:mm-HH:mm | off DATE | extra DATE HH:mm-HH:mm]',
  },
  {
    command: '/session',
    description: 'Your sessions: list, propose (/session new opens a form), accept, decline',
    usageHint: '[new | propose … | accept ID | decline ID]',
  },
  { command: '/profile', description: 'Edit your creator profile', usageHint: '' },
  {
    command: '/align',
    description: 'Session Align: help and every command (roster, whoami, …)',
    usageHint: 'help | roster | whoami | promote @someone staff | install slack',
  },
];

/**
 * The command line a slash command stands for.
 *
 * @example
 * commandLineFor('/align', 'roster genre:pop') // '/roster genre:pop'
 * commandLineFor('/align', '')                 // '/help'
 * commandLineFor('/pair', '@ana')              // '/pair @ana'
 */
export function commandLineFor(slashCommand: string, text: string): string {
  const rest = text.trim();
  return withoutUmbrella(rest ? `${slashCommand} ${rest}` : slashCommand);
}

/**
 * Command lines that open a form instead of running: a form is kinder than remembering syntax.
 * `/session new @ana @ben` pre-fills the people.
 */
export function formFor(line: string): { form: FormId; creators: string[] } | undefined {
  const words = line.trim().split(/\s+/);
  const [name, verb] = [words[0]?.toLowerCase(), words[1]?.toLowerCase()];
  if (name === '/profile' && (verb === undefined || verb === 'edit'))
    return { form: 'profile', creators: [] };
  if ((name === '/avail' || name === '/availability') && verb === 'edit')
    return { form: 'availability', creators: [] };
  if ((name === '/session' || name === '/sessions') && verb === 'new') {
    return {
      form: 'propose',
      creators: words
        .slice(2)
        .filter((w) => w.startsWith('@'))
        .map((w) => w.slice(1).toLowerCase()),
    };
  }
  return undefined;
}
