import { parseArgs } from 'node:util';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';
import { CLI_SPECS, type CommandSpec, type OptionSpec } from './cli-specs.ts';

const SPECS: Readonly<Record<string, CommandSpec>> = CLI_SPECS;
const HELP_FLAGS = new Set(['--help', '-h']);
const WIDTH = 100;

/** Own keys only: `constructor` is not a command, a verb or an option. */
const own = <T>(table: Readonly<Record<string, T>> | undefined, key: string | undefined): T | undefined =>
  table && key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

/** `--help` or `-h` anywhere before a `--` (after it, arguments are taken as they are). */
function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (HELP_FLAGS.has(arg)) return true;
  }
  return false;
}

function wrap(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

const optionUsage = (name: string, option: OptionSpec) =>
  option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`;

/** What follows the command's name: required options, the arguments, then the optional options. */
function synopsis(spec: CommandSpec): string {
  const options = Object.entries(spec.options);
  return [
    ...options.filter(([, option]) => option.isRequired).map(([name, option]) => optionUsage(name, option)),
    ...(spec.args ? [spec.args.usage] : []),
    ...options
      .filter(([, option]) => !option.isRequired)
      .map(([name, option]) => `[${optionUsage(name, option)}]`),
  ].join(' ');
}

/** The usage lines of a command (one per verb) or of one verb. */
function usageLines(path: readonly string[], spec: CommandSpec, parent?: CommandSpec): string[] {
  if (spec.verbs)
    return Object.entries(spec.verbs).flatMap(([verb, verbSpec]) =>
      usageLines([...path, verb], verbSpec, spec),
    );
  const words = path.map((word, i) =>
    i === path.length - 1 && parent?.defaultVerb === word ? `[${word}]` : word,
  );
  return [`session-align ${[...words, synopsis(spec)].filter(Boolean).join(' ')}`];
}

/** The whole help of a command or a verb: usage, what it does, its options or actions. */
function commandHelp(path: readonly string[], spec: CommandSpec, parent?: CommandSpec): string {
  const [first, ...more] = usageLines(path, spec, parent);
  const out = [`Usage: ${first}`, ...more.map((line) => `       ${line}`), ''];
  const summary = spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1);
  out.push(...wrap(`${summary}.${spec.about ? ` ${spec.about}` : ''}`), '');
  if (spec.verbs) {
    const width = Math.max(...Object.keys(spec.verbs).map((verb) => verb.length)) + 3;
    out.push('Actions:');
    for (const [verb, verbSpec] of Object.entries(spec.verbs))
      out.push(`  ${verb.padEnd(width)}${verbSpec.summary}`);
    out.push('', `Run session-align ${path.join(' ')} ACTION --help for an action's options.`);
    return `${out.join('\n')}\n`;
  }
  const rows: Array<[string, string]> = [
    ...Object.entries(spec.options).map(([name, option]): [string, string] => [
      optionUsage(name, option),
      `${option.help}${option.isRequired ? ' (required)' : ''}`,
    ]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  out.push('Options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`));
  return `${out.join('\n')}\n`;
}

/** `session-align`, `session-align --help`, `session-align help`: every command with its summary. */
export function overallUsage(): string {
  const names = [...Object.keys(SPECS), 'help'];
  const width = Math.max(...names.map((name) => name.length)) + 3;
  return [
    'Usage: session-align COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(SPECS).map(([name, spec]) => `  ${name.padEnd(width)}${spec.summary}`),
    `  ${'help'.padEnd(width)}show a command's usage: session-align help COMMAND [ACTION]`,
    '',
    'Run session-align COMMAND --help for its usage and options.',
    '',
  ].join('\n');
}

/** Every command and verb that has a help text: [name] and [name, verb]. */
export function helpTopics(): string[][] {
  return Object.entries(SPECS).flatMap(([name, spec]) => [
    [name],
    ...Object.keys(spec.verbs ?? {}).map((verb) => [name, verb]),
  ]);
}

function helpFor(topic: readonly string[]): CliOutcome {
  const [name, verb, ...extra] = topic;
  if (name === undefined) return ok(overallUsage());
  const spec = own(SPECS, name);
  if (!spec) return fail(`help: no command "${name}". Run session-align help for the list.\n`, 2);
  if (verb === undefined) return ok(commandHelp([name], spec));
  const verbSpec = own(spec.verbs, verb);
  if (!verbSpec || extra.length > 0)
    return fail(`help: "${name}" has no action "${verb}". Run session-align help ${name}.\n`, 2);
  return ok(commandHelp([name, verb], verbSpec, spec));
}

/** The tokens of `args` as the spec reads them; strict checks are made by `checkArgs` with better words. */
function tokensOf(args: readonly string[], options: Readonly<Record<string, OptionSpec>>) {
  const config = Object.fromEntries(
    Object.entries(options).map(([name, option]) => [name, { type: option.type }]),
  );
  return parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true })
    .tokens;
}

/** The first problem with the arguments of a command (or verb), in words; undefined when they fit. */
function problemWith(args: readonly string[], spec: CommandSpec): string | undefined {
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (const token of tokensOf(args, spec.options)) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const option = own(spec.options, token.name);
    if (!option) return `unknown option ${token.rawName}`;
    seen.add(token.name);
    if (option.type === 'boolean') {
      if (token.value !== undefined) return `${token.rawName} takes no value`;
    } else if (token.value === undefined) return `${token.rawName} needs a value (${option.value})`;
    else if (!token.inlineValue && token.value.startsWith('-'))
      return `${token.rawName} needs a value (${option.value}), not "${token.value}" (write ${token.rawName}=${token.value} if that is the value)`;
  }
  for (const [name, option] of Object.entries(spec.options))
    if (option.isRequired && !seen.has(name)) return `${optionUsage(name, option)} is required`;
  const { min = 0, max = 0, usage = '' } = spec.args ?? {};
  if (positionals.length < min) return `expected ${usage}`;
  if (positionals.length > max) return `unexpected argument "${positionals[max]}"`;
  return undefined;
}

/**
 * Checks a line (`argv[0]` is the command) before it runs, opens the database or goes to a running
 * server: help is answered here (stdout, exit 0) and never acts; a line that does not fit its
 * command's spec gets one line naming the problem and the usage (exit 2). Undefined: run it.
 */
export function checkLine(argv: readonly string[]): CliOutcome | undefined {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_FLAGS.has(name)) return ok(overallUsage());
  if (name === 'help') return helpFor(rest);
  const spec = own(SPECS, name);
  if (!spec) return fail(`Unknown command "${name}". Run session-align help for the list.\n`, 2);
  if (!spec.verbs) {
    if (wantsHelp(rest)) return ok(commandHelp([name], spec));
    const problem = problemWith(rest, spec);
    return problem ? fail(`${name}: ${problem}. Usage: ${usageLines([name], spec)[0]}\n`, 2) : undefined;
  }
  const verbs = spec.verbs;
  const allOptions = Object.assign({}, ...Object.values(verbs).map((verb) => verb.options));
  const verbToken = tokensOf(rest, allOptions).find((token) => token.kind === 'positional');
  const verb = verbToken?.value ?? spec.defaultVerb;
  const verbSpec = own(verbs, verb);
  // `tenants --help` is the help of all its actions; `tenants list --help` of one.
  if (wantsHelp(rest) && (!verbToken || !verbSpec)) return ok(commandHelp([name], spec));
  if (!verbSpec) {
    const expected = `expected ${Object.keys(verbs).join(', ')}`;
    return fail(
      `${name}: ${verb === undefined ? `an action is needed (${expected})` : `unknown action "${verb}" (${expected})`}. Run session-align ${name} --help for the usage.\n`,
      2,
    );
  }
  if (wantsHelp(rest)) return ok(commandHelp([name, verb!], verbSpec, spec));
  const args = verbToken ? rest.filter((_, i) => i !== verbToken.index) : rest;
  const problem = problemWith(args, verbSpec);
  return problem
    ? fail(`${name} ${verb}: ${problem}. Usage: ${usageLines([name, verb!], verbSpec, spec)[0]}\n`, 2)
    : undefined;
}
