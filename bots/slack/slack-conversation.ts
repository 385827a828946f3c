import type { CommandContext } from '../../core/commands/command.ts';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { type DispatchOutcome, dispatch, invoke, press } from '../../core/commands/dispatch.ts';
import { type FormId, loadForm, searchOptions, submitForm } from '../../core/commands/forms/index.ts';
import type { FormDefinition, FormValues, OptionSource } from '../../core/commands/forms.ts';
import { type Invocation, notice, privateReply, type Reply } from '../../core/commands/reply.ts';
import { AppError, userFacingMessage } from '../../core/shared/app-error.ts';
import { resolveActor } from '../../core/surface/identity.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { type CommandRuntime, commandContextFor } from '../runtime/command-services.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import { translateMentions } from './mentions.ts';
import type { SlackProfile } from './slack-profile.ts';

/** What the Slack surface needs from the composition root: command parts, the kit, a logger. */
export type SlackRuntime = CommandRuntime & Pick<Runtime, 'logger' | 'clock'>;
export type SlackConversationDeps = SlackRuntime & {
  kit: Pick<SurfaceKit, 'identities'> & { tenants: Pick<TenantDirectory, 'findById'> };
};

/** One person in one workspace, talking to the shared command layer. Nothing here throws. */
export interface SlackConversation {
  readonly context: CommandContext;
  /** Runs a command line (Slack mentions already translated). */
  run(line: string): Promise<Reply>;
  /** Runs a command by name with an input object (App Home sections). */
  invoke(invocation: Invocation): Promise<Reply>;
  /** A button press: the stored action behind the token. */
  press(token: string): Promise<Reply>;
  form(id: FormId, prefill?: { creators?: readonly string[] }): Promise<FormDefinition>;
  submit(formId: FormId, values: FormValues): ReturnType<typeof submitForm>;
  options(source: OptionSource, query: string): ReturnType<typeof searchOptions>;
  /** Turns `<@U123|ana>` into `@handle` (or `@slack:U123` for someone without a creator profile). */
  translate(text: string): Promise<string>;
}

export interface SlackPerson {
  tenantId: string;
  /** The installation's external id (team, or Enterprise org for org-wide installs). */
  workspaceId: string;
  slackUserId: string;
  /** Asked only on first contact (`users.info`). */
  lookupProfile: () => Promise<SlackProfile>;
}

/**
 * Resolves tenant and actor and builds the command context, exactly like the console surface does.
 * Failures a person can act on (suspended workspace) come back as AppErrors.
 */
export async function openSlackConversation(
  runtime: SlackConversationDeps,
  registry: CommandRegistry,
  person: SlackPerson,
): Promise<SlackConversation> {
  const { logger } = runtime;
  const tenant = await runtime.kit.tenants.findById(person.tenantId);
  if (!tenant)
    throw new AppError('tenancy.unknown_tenant', 'This workspace is not connected to Session Align.');
  if (tenant.status !== 'active') {
    throw new AppError('tenancy.suspended', 'Session Align is suspended for this workspace. Ask your admin.');
  }
  const actor = await resolveActor(
    runtime.kit.identities,
    tenant.id,
    { platform: 'slack', workspaceId: person.workspaceId, externalUserId: person.slackUserId },
    person.lookupProfile,
  );
  if (!actor) throw new AppError('tenancy.unknown_user', 'Your account here is disabled. Ask an admin.');
  const context = commandContextFor(runtime, tenant, actor, registry);
  const logged = async (what: string, work: Promise<DispatchOutcome>): Promise<Reply> => {
    try {
      const outcome = await work;
      if (outcome.bug)
        logger.error({ err: outcome.bug, tenantId: tenant.id, command: what }, 'command failed');
      return outcome.reply;
    } catch (error) {
      logger.error({ err: error, tenantId: tenant.id, command: what }, 'command failed outside dispatch');
      return errorReply(error);
    }
  };
  return {
    context,
    translate: (text) => translateMentions(runtime.kit.identities, tenant.id, text),
    run: (line) => logged(line.split(/\s/, 1)[0] ?? '', dispatch(line, context)),
    invoke: (invocation) => logged(invocation.command, invoke(context, invocation)),
    press: (token) => logged('button', press(context, token)),
    form: (id, prefill) => loadForm(context, id, prefill),
    submit: (formId, values) => loadForm(context, formId).then((form) => submitForm(context, form, values)),
    options: (source, query) => searchOptions(context, source, query),
  };
}

/** What a person sees when something failed before a command could run. Never a stack trace. */
export function errorReply(error: unknown): Reply {
  return privateReply(notice('error', userFacingMessage(error)));
}
