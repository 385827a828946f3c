import type { Actor, CommandContext } from '../../core/commands/command.ts';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { type DispatchOutcome, dispatch, invoke, press } from '../../core/commands/dispatch.ts';
import { type FormId, loadForm, searchOptions, submitForm } from '../../core/commands/forms/index.ts';
import type { FormDefinition, FormValues, OptionSource } from '../../core/commands/forms.ts';
import { type Invocation, notice, privateReply, type Reply } from '../../core/commands/reply.ts';
import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import { AppError, isAppError, userFacingMessage } from '../../core/shared/app-error.ts';
import { type PlatformProfile, type PlatformUser, resolveActor } from '../../core/surface/identity.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { type CommandRuntime, commandContextFor, commandPartsFor } from './command-services.ts';
import type { Runtime } from './runtime.ts';
import type { SurfaceKit } from './surface-kit.ts';

/** What a chat surface needs from the composition root: command parts, the kit, a logger. */
export type SurfaceRuntime = CommandRuntime & Pick<Runtime, 'logger' | 'clock'>;
export type SurfaceConversationDeps = SurfaceRuntime & {
  kit: Pick<SurfaceKit, 'identities'> & { tenants: Pick<TenantDirectory, 'findById'> };
};

/** One person on one platform, talking to the shared command layer. Nothing here throws. */
export interface SurfaceConversation {
  readonly context: CommandContext;
  /** Runs a command line (platform mentions already translated). */
  run(line: string): Promise<Reply>;
  /** The whole outcome of a command line, for surfaces that act on its result. */
  runOutcome(line: string): Promise<DispatchOutcome>;
  /** Runs a command by name with an input object. */
  invoke(invocation: Invocation): Promise<Reply>;
  /** The whole outcome of an invocation (its typed result too). */
  invokeOutcome(invocation: Invocation): Promise<DispatchOutcome>;
  /** A button press: the stored action behind the token. */
  press(token: string): Promise<Reply>;
  form(id: FormId, prefill?: { creators?: readonly string[] }): Promise<FormDefinition>;
  submit(formId: FormId, values: FormValues): ReturnType<typeof submitForm>;
  options(source: OptionSource, query: string): ReturnType<typeof searchOptions>;
}

/** How many actors one process remembers (most recently used kept). */
const ACTORS_REMEMBERED = 10_000;
const rememberedActors = new WeakMap<object, Map<string, Actor>>();

/** Thrown by the first transaction of a conversation whose remembered actor is no longer current. */
class StaleActorError extends Error {
  constructor() {
    super('the remembered actor changed since it was last seen');
  }
}

/**
 * Resolves tenant and actor (the person is created or linked on first contact; `lookupProfile` is
 * asked only then) and builds the command context, the same way for every surface. Failures a
 * person can act on (suspended tenant, disabled account) come back as AppErrors.
 *
 * With `rememberActor`, a person this process has seen starts from the actor it saw last, without a
 * transaction of its own: the conversation's first transaction reads the actor again before
 * anything else, and if it changed (role, time zone, name, profile, disabled) that transaction is
 * rolled back and the call runs again with the current actor. A call answered without any
 * transaction (refused by role, bad input, /help) reads the actor afterwards and runs again if it
 * changed. So every answer is the current actor's; only `context.actor` read directly, before any
 * call, may be one change behind. For the chat paths that only dispatch (Slack's listeners).
 */
export async function openSurfaceConversation(
  runtime: SurfaceConversationDeps,
  registry: CommandRegistry,
  person: {
    tenantId: string;
    user: PlatformUser;
    lookupProfile: () => Promise<PlatformProfile>;
    rememberActor?: boolean;
  },
): Promise<SurfaceConversation> {
  const tenant = await runtime.kit.tenants.findById(person.tenantId);
  if (!tenant)
    throw new AppError('tenancy.unknown_tenant', 'This workspace is not connected to Session Align.');
  if (tenant.status !== 'active') {
    throw new AppError('tenancy.suspended', 'Session Align is suspended for this workspace. Ask your admin.');
  }
  const { user } = person;
  const memory = person.rememberActor ? actorMemory(runtime.kit.identities) : undefined;
  const key = [tenant.id, user.platform, user.workspaceId ?? '', user.externalUserId].join('\u0000');
  const current = async (): Promise<Actor> => {
    const actor = await resolveActor(runtime.kit.identities, tenant.id, user, person.lookupProfile);
    memory?.delete(key);
    if (!actor) throw new AppError('tenancy.unknown_user', 'Your account here is disabled. Ask an admin.');
    if (memory) {
      memory.set(key, actor);
      if (memory.size > ACTORS_REMEMBERED) memory.delete(memory.keys().next().value!);
    }
    return actor;
  };
  const open = (actor: Actor, work?: UnitOfWork) =>
    conversationOf(runtime, {
      ...commandContextFor(runtime, tenant, actor, registry),
      ...(work ? { work } : {}),
    });
  const remembered = memory?.get(key);
  if (!remembered) return open(await current());
  memory!.delete(key);
  memory!.set(key, remembered);
  const check = { isDone: false };
  const first = open(
    remembered,
    checkedWork(commandPartsFor(runtime).work, tenant.id, user, remembered, check),
  );
  let live = first;
  // Answered without a transaction (a refusal by role, bad input, help), or stale: the actor is read
  // now, and the call runs again if it changed. When the current actor cannot act (disabled since),
  // answers say so as opening would have.
  const again =
    <A extends unknown[], R>(
      pick: (conversation: SurfaceConversation) => (...args: A) => Promise<R>,
      refused?: (error: unknown) => R,
    ) =>
    async (...args: A): Promise<R> => {
      let answer: { value: R } | undefined;
      try {
        answer = { value: await pick(live)(...args) };
        if (live !== first || check.isDone) return answer.value;
      } catch (error) {
        if (!(error instanceof StaleActorError)) throw error;
      }
      let actor: Actor;
      try {
        actor = await current();
      } catch (error) {
        if (refused && isAppError(error)) return refused(error);
        throw error;
      }
      if (answer && isSameActor(actor, remembered)) {
        check.isDone = true;
        return answer.value;
      }
      live = open(actor);
      return pick(live)(...args);
    };
  const refusedOutcome = (error: unknown): DispatchOutcome => ({
    reply: errorReply(error),
    isError: true,
    ...(isAppError(error) ? { error: { code: error.code } } : {}),
  });
  return {
    get context() {
      return live.context;
    },
    run: again((c) => c.run, errorReply),
    runOutcome: again((c) => c.runOutcome, refusedOutcome),
    invoke: again((c) => c.invoke, errorReply),
    invokeOutcome: again((c) => c.invokeOutcome, refusedOutcome),
    press: again((c) => c.press, errorReply),
    form: again((c) => c.form),
    submit: again((c) => c.submit),
    options: again((c) => c.options),
  };
}

function actorMemory(identities: object): Map<string, Actor> {
  let memory = rememberedActors.get(identities);
  if (!memory) {
    memory = new Map();
    rememberedActors.set(identities, memory);
  }
  return memory;
}

/**
 * The unit of work of a conversation that started from a remembered actor: its first transaction in
 * the tenant reads the actor first and throws StaleActorError (rolling back) when it differs.
 */
function checkedWork(
  work: UnitOfWork,
  tenantId: string,
  user: PlatformUser,
  expected: Actor,
  check: { isDone: boolean },
): UnitOfWork {
  return {
    ...(work.readsApart ? { readsApart: true } : {}),
    inTenant(id, fn, options) {
      if (check.isDone || id !== tenantId) return work.inTenant(id, fn, options);
      return work.inTenant(
        id,
        async (stores) => {
          const actor = await stores.people.actorByIdentity(user);
          if (!actor || !isSameActor(actor, expected)) throw new StaleActorError();
          check.isDone = true;
          return fn(stores);
        },
        options,
      );
    },
  };
}

function isSameActor(a: Actor, b: Actor): boolean {
  return (
    a.userId === b.userId &&
    a.displayName === b.displayName &&
    a.role === b.role &&
    a.timeZone === b.timeZone &&
    a.creatorHandle === b.creatorHandle
  );
}

/** The conversation over one command context; a stale remembered actor is thrown, not answered. */
function conversationOf(
  runtime: Pick<SurfaceRuntime, 'logger'>,
  context: CommandContext,
): SurfaceConversation {
  const { logger } = runtime;
  const tenantId = context.tenant.id;
  const logged = async (what: string, work: Promise<DispatchOutcome>): Promise<DispatchOutcome> => {
    let outcome: DispatchOutcome;
    try {
      outcome = await work;
    } catch (error) {
      if (error instanceof StaleActorError) throw error;
      logger.error({ err: error, tenantId, command: what }, 'command failed outside dispatch');
      return { reply: errorReply(error), isError: true };
    }
    if (outcome.bug instanceof StaleActorError) throw outcome.bug;
    if (outcome.bug) logger.error({ err: outcome.bug, tenantId, command: what }, 'command failed');
    return outcome;
  };
  const runOutcome = (line: string) => logged(line.split(/\s/, 1)[0] ?? '', dispatch(line, context));
  return {
    context,
    runOutcome,
    run: async (line) => (await runOutcome(line)).reply,
    invoke: async (invocation) => (await logged(invocation.command, invoke(context, invocation))).reply,
    invokeOutcome: (invocation) => logged(invocation.command, invoke(context, invocation)),
    press: async (token) => (await logged('button', press(context, token))).reply,
    form: (id, prefill) => loadForm(context, id, prefill),
    async submit(formId, values) {
      const submitted = await submitForm(context, await loadForm(context, formId), values);
      if ('outcome' in submitted && submitted.outcome.bug instanceof StaleActorError)
        throw submitted.outcome.bug;
      return submitted;
    },
    options: (source, query) => searchOptions(context, source, query),
  };
}

/** What a person sees when something failed before a command could run. Never a stack trace. */
export function errorReply(error: unknown): Reply {
  return privateReply(notice('error', userFacingMessage(error)));
}
