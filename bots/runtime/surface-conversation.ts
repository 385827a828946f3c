import type { CommandContext } from '../../core/commands/command.ts';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { type DispatchOutcome, dispatch, invoke, press } from '../../core/commands/dispatch.ts';
import { type FormId, loadForm, searchOptions, submitForm } from '../../core/commands/forms/index.ts';
import type { FormDefinition, FormValues, OptionSource } from '../../core/commands/forms.ts';
import { type Invocation, notice, privateReply, type Reply } from '../../core/commands/reply.ts';
import { AppError, userFacingMessage } from '../../core/shared/app-error.ts';
import { type PlatformProfile, type PlatformUser, resolveActor } from '../../core/surface/identity.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { type CommandRuntime, commandContextFor } from './command-services.ts';
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

/**
 * Resolves tenant and actor (the person is created or linked on first contact; `lookupProfile` is
 * asked only then) and builds the command context, the same way for every surface. Failures a
 * person can act on (suspended tenant, disabled account) come back as AppErrors.
 */
export async function openSurfaceConversation(
  runtime: SurfaceConversationDeps,
  registry: CommandRegistry,
  person: { tenantId: string; user: PlatformUser; lookupProfile: () => Promise<PlatformProfile> },
): Promise<SurfaceConversation> {
  const { logger } = runtime;
  const tenant = await runtime.kit.tenants.findById(person.tenantId);
  if (!tenant)
    throw new AppError('tenancy.unknown_tenant', 'This workspace is not connected to Session Align.');
  if (tenant.status !== 'active') {
    throw new AppError('tenancy.suspended', 'Session Align is suspended for this workspace. Ask your admin.');
  }
  const actor = await resolveActor(runtime.kit.identities, tenant.id, person.user, person.lookupProfile);
  if (!actor) throw new AppError('tenancy.unknown_user', 'Your account here is disabled. Ask an admin.');
  const context = commandContextFor(runtime, tenant, actor, registry);
  const logged = async (what: string, work: Promise<DispatchOutcome>): Promise<DispatchOutcome> => {
    try {
      const outcome = await work;
      if (outcome.bug)
        logger.error({ err: outcome.bug, tenantId: tenant.id, command: what }, 'command failed');
      return outcome;
    } catch (error) {
      logger.error({ err: error, tenantId: tenant.id, command: what }, 'command failed outside dispatch');
      return { reply: errorReply(error), isError: true };
    }
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
    submit: (formId, values) => loadForm(context, formId).then((form) => submitForm(context, form, values)),
    options: (source, query) => searchOptions(context, source, query),
  };
}

/** What a person sees when something failed before a command could run. Never a stack trace. */
export function errorReply(error: unknown): Reply {
  return privateReply(notice('error', userFacingMessage(error)));
}
