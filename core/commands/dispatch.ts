import type { TenantStores } from '../ports/tenant-stores.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { ACTION_REFUSALS, DEFAULT_ACTION_TTL_MS } from '../surface/action-tokens.ts';
import { ROLE_LABELS } from '../tenancy/roles.ts';
import type { AnyCommand, CommandContext, HandlerContext } from './command.ts';
import { type CommandLine, parseCommandLine, withoutUmbrella } from './command-line.ts';
import { closestWords } from './did-you-mean.ts';
import { inputProblem, problemOf } from './input-problems.ts';
import { type Action, type Block, type Invocation, notice, privateReply, type Reply } from './reply.ts';

export interface DispatchOutcome {
  reply: Reply;
  /** The handler's typed result, when it ran (the `--json` adapters print it). */
  result?: unknown;
  /** Set when the answer is an error (bad input, refused, failed): `chat --once` exits non-zero. */
  isError?: boolean;
  /** The error's stable code (`commands.bad_input`, `sessions.time_taken`, …) and its details. */
  error?: { code: string; details?: Readonly<Record<string, unknown>> };
  /** The input field a bad input was about (`title`, `days.mon`), for forms to show it beside. */
  problem?: { path: string; message: string };
  /** Set when the command failed unexpectedly: the surface logs it; the user sees a generic line. */
  bug?: unknown;
}

const errorOutcome = (
  message: string,
  error: DispatchOutcome['error'] = { code: 'commands.refused' },
  bug?: unknown,
): DispatchOutcome => ({
  reply: privateReply(notice('error', message)),
  isError: true,
  error,
  ...(bug === undefined ? {} : { bug }),
});

const GENERIC_FAILURE = 'Something went wrong on our side. It has been logged.';

/**
 * Runs one typed chat line: routes it to its command, reads the words into the command's input,
 * then runs it like any other invocation. Expected failures become an error notice; bugs never
 * reach the user.
 */
export async function dispatch(text: string, context: CommandContext): Promise<DispatchOutcome> {
  const line = parseCommandLine(withoutUmbrella(text));
  if (!line) {
    return { reply: privateReply(notice('info', 'Commands start with "/". Type /help to see them all.')) };
  }
  const routed = context.registry.route(line);
  if (!routed) {
    const names = context.registry.chatCommands().flatMap((chat) => [chat.name, ...chat.aliases]);
    const guess = closestWords(line.name, names, 1)[0];
    return errorOutcome(
      `Unknown command /${line.name}.${guess ? ` Did you mean /${guess}?` : ''} Type /help to see them all.`,
      { code: 'commands.unknown_command' },
    );
  }
  const { command } = routed;
  const refused = refusal(command, context);
  if (refused) return refused;
  let input: unknown;
  try {
    input = command.chat!.parse(routed.line, {
      timeZone: context.actor.timeZone,
      nowMs: context.clock.nowMs(),
      ...(routed.verb ? { verb: routed.verb } : {}),
    });
  } catch (error) {
    return failure(error, command);
  }
  return run(context, command, input, { isChat: true });
}

/**
 * Runs a command by name with an input object: forms, `--json`, LLM tools. `resultOnly` skips the
 * presented reply (and its buttons' tokens): for adapters that print the typed result.
 */
export async function invoke(
  context: CommandContext,
  invocation: Invocation,
  options: { resultOnly?: boolean } = {},
): Promise<DispatchOutcome> {
  const command = context.registry.get(invocation.command);
  if (!command)
    return errorOutcome(`There is no command ${invocation.command}.`, { code: 'commands.unknown_command' });
  return refusal(command, context) ?? run(context, command, invocation.input, options);
}

/**
 * A button press: the stored action behind the token, run as the person who pressed it. A
 * second press of a single-use button, a press after expiry, or by someone it was not for is
 * answered plainly and changes nothing.
 */
export async function press(context: CommandContext, token: string): Promise<DispatchOutcome> {
  const nowMs = context.clock.nowMs();
  const use = await context.work.inTenant(context.tenant.id, (stores) =>
    stores.actionTokens.peek(token, context.actor.userId, nowMs),
  );
  if (!use.ok) return errorOutcome(ACTION_REFUSALS[use.reason], { code: `surfaces.action_${use.reason}` });
  const command = context.registry.get(use.invoke.command);
  if (!command) return errorOutcome(ACTION_REFUSALS.unknown, { code: 'surfaces.action_unknown' });
  return (
    refusal(command, context) ??
    run(context, command, use.invoke.input, use.isSingleUse ? { singleUseToken: token } : {})
  );
}

function refusal(command: AnyCommand, context: CommandContext): DispatchOutcome | undefined {
  if (!command.roles || command.roles.includes(context.actor.role)) return undefined;
  const allowed = command.roles.map((role) => ROLE_LABELS[role]).join(', ');
  return errorOutcome(`${describe(command)} is for: ${allowed}.`, { code: 'commands.forbidden' });
}

/** `/session propose` for a chat command, else the command's name. */
function describe(command: AnyCommand): string {
  const chat = command.chat;
  return chat ? `/${chat.command}${chat.verb ? ` ${chat.verb}` : ''}` : command.name;
}

async function run(
  context: CommandContext,
  command: AnyCommand,
  rawInput: unknown,
  options: { isChat?: boolean; singleUseToken?: string; resultOnly?: boolean },
): Promise<DispatchOutcome> {
  const parsed = command.input.safeParse(rawInput);
  if (!parsed.success) {
    const usage = options.isChat && command.chat ? `\nUsage: ${command.chat.usage}` : '';
    const [first] = parsed.error.issues;
    return {
      ...errorOutcome(`${inputProblem(parsed.error)}${usage}`, { code: 'commands.bad_input' }),
      ...(first ? { problem: problemOf(first) } : {}),
    };
  }
  try {
    const { work, ...handlerBase } = context;
    const prepared = await command.prepare?.(context, parsed.data);
    const nowMs = context.clock.nowMs();
    const presented = (result: unknown) =>
      command.present(result, { actor: context.actor, tenant: context.tenant, nowMs });
    // Where a transaction holds the database's one session (PGlite: `readsApart`), a read runs read
    // only and is presented afterwards, and its buttons' tokens are stored as a statement of their
    // own: rendering inside the transaction kept every other request's statements waiting. On the
    // server one transaction does all of it.
    const apart = command.effect === 'read' && !options.singleUseToken && work.readsApart === true;
    const outcome = await work.inTenant(
      context.tenant.id,
      async (stores) => {
        if (options.singleUseToken && !(await stores.actionTokens.consume(options.singleUseToken, nowMs))) {
          throw new AppError('surfaces.action_used', ACTION_REFUSALS.used);
        }
        const handlerContext: HandlerContext = { ...handlerBase, stores };
        const handled = await command.handle(handlerContext, parsed.data, prepared);
        if (handled.events?.length) await stores.outbox.append(handled.events);
        if (options.resultOnly || apart) return { result: handled.result };
        return {
          result: handled.result,
          reply: await finishReply(presented(handled.result), context, stores, nowMs),
        };
      },
      { readOnly: apart },
    );
    if (outcome.reply) return { reply: outcome.reply, result: outcome.result };
    if (options.resultOnly) return { reply: privateReply(), result: outcome.result };
    const reply = presented(outcome.result);
    const finished = unsetActions(reply).length
      ? await work.inTenant(context.tenant.id, (stores) => finishReply(reply, context, stores, nowMs), {
          statementsAlone: true, // one insert
        })
      : reply;
    return { reply: finished, result: outcome.result };
  } catch (error) {
    return failure(error, command, options.isChat === true);
  }
}

function failure(error: unknown, command: AnyCommand, isChat = true): DispatchOutcome {
  if (!isAppError(error)) return errorOutcome(GENERIC_FAILURE, { code: 'internal' }, error);
  const usage =
    isChat && error.code === 'commands.bad_args' && command.chat ? `\nUsage: ${command.chat.usage}` : '';
  return errorOutcome(`${error.message}${usage}`, { code: error.code, details: error.details });
}

/**
 * The reply as the viewer gets it: each button's invocation stored as a token (only for this viewer
 * when the reply is private; single-use when the command writes) and its chat line filled in.
 */
export async function finishReply(
  reply: Reply,
  context: Pick<CommandContext, 'registry' | 'actor'>,
  stores: Pick<TenantStores, 'actionTokens'>,
  nowMs: number,
): Promise<Reply> {
  const pending = unsetActions(reply);
  if (pending.length === 0) return reply;
  const tokens = await stores.actionTokens.mint(
    pending.map((action) => ({
      invoke: action.invoke!,
      ...(reply.isPrivate ? { forUserId: context.actor.userId } : {}),
      isSingleUse: context.registry.get(action.invoke!.command)?.effect === 'write',
      expiresAtMs: nowMs + DEFAULT_ACTION_TTL_MS,
    })),
  );
  const finished = new Map(
    pending.map((action, index) => [
      action,
      { ...action, token: tokens[index]!, command: action.command ?? chatLine(context, action.invoke!) },
    ]),
  );
  const swap = (actions: readonly Action[]) => actions.map((action) => finished.get(action) ?? action);
  const blocks: Block[] = reply.blocks.map((block) => {
    if (block.kind === 'actions') return { ...block, actions: swap(block.actions) };
    if (block.kind === 'list')
      return {
        ...block,
        items: block.items.map((item) => (item.actions ? { ...item, actions: swap(item.actions) } : item)),
      };
    return block;
  });
  return { ...reply, blocks };
}

/** The reply's buttons that invoke a command and have no token yet. */
function unsetActions(reply: Reply): Action[] {
  const pending: Action[] = [];
  const visit = (actions: readonly Action[] | undefined) => {
    for (const action of actions ?? []) if (action.invoke && !action.token) pending.push(action);
  };
  for (const block of reply.blocks) {
    if (block.kind === 'actions') visit(block.actions);
    if (block.kind === 'list') for (const item of block.items) visit(item.actions);
  }
  return pending;
}

function chatLine(context: Pick<CommandContext, 'registry'>, invocation: Invocation): string | undefined {
  const command = context.registry.get(invocation.command);
  return command?.chat?.format?.(invocation.input as never);
}

/** For parsers: a line that should have no more words says which word it did not understand. */
export function refuseExtraWords(line: CommandLine): void {
  if (line.words.length > 0)
    throw new AppError('commands.bad_args', `"${line.words[0]}" is not understood here.`);
}
