import type { Actor, CommandContext } from '../../core/commands/command.ts';
import type { CommandServices, InstallLinks } from '../../core/commands/services.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { Tenant } from '../../core/tenancy/tenant.ts';
import { availabilityDesk } from '../../db/repositories/availability-desk.ts';
import { campaignService } from '../../db/repositories/campaigns.repository.ts';
import { rosterReader } from '../../db/repositories/creators.repository.ts';
import {
  addDoNotPair,
  listDoNotPair,
  removeDoNotPair,
} from '../../db/repositories/do-not-pair.repository.ts';
import { pairingDesk } from '../../db/repositories/pairing-desk.ts';
import { profileDesk } from '../../db/repositories/profile-desk.ts';
import { roomService } from '../../db/repositories/rooms.repository.ts';
import { sessionService } from '../../db/repositories/session-service.ts';
import { attachLink } from '../slack/oauth.ts';
import type { Config } from './config.ts';
import type { Runtime } from './runtime.ts';
import { inviteSettingsFor } from './session-delivery.ts';

/** What building a command's services needs from the runtime. */
export type CommandRuntime = Pick<
  Runtime,
  'database' | 'secrets' | 'fetcher' | 'calendarParser' | 'clock' | 'queue'
> &
  Partial<Pick<Runtime, 'config' | 'logger'>>;

/** The services commands see, bound to one tenant. Every surface builds its context through here. */
export function commandServicesFor(runtime: CommandRuntime, tenantId: string): CommandServices {
  return {
    roster: rosterReader(runtime.database, tenantId),
    availability: availabilityDesk(runtime, tenantId),
    profiles: profileDesk(runtime, tenantId),
    doNotPair: {
      list: () => listDoNotPair(runtime.database, tenantId),
      add: (handles, reason, actor) =>
        addDoNotPair(runtime.database, tenantId, {
          handles,
          actorLabel: actor.label,
          actorUserId: actor.userId,
          ...(reason ? { reason } : {}),
        }),
      remove: (handles, actor) =>
        removeDoNotPair(runtime.database, tenantId, {
          handles,
          actorLabel: actor.label,
          actorUserId: actor.userId,
        }),
    },
    sessions: sessionService(runtime.database, tenantId, {
      clock: runtime.clock,
      ...(runtime.config ? { invites: inviteSettingsFor(runtime.config, runtime.logger) } : {}),
    }),
    rooms: roomService(runtime.database, tenantId),
    campaigns: campaignService(runtime.database, tenantId, runtime.clock),
    pairing: pairingDesk(runtime.database, tenantId, {
      embedder: (runtime as Partial<Pick<Runtime, 'embedder'>>).embedder ?? localHashedEmbedder(),
    }),
    installLinks: installLinksFor(runtime.config),
  };
}

/** Slack attach links when this server has the Slack OAuth credentials. */
function installLinksFor(config: Config | undefined): InstallLinks {
  return {
    create(_platform, request) {
      if (!config?.SLACK_CLIENT_ID || !config.SLACK_CLIENT_SECRET) return undefined;
      const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
      return attachLink({ clientSecret: config.SLACK_CLIENT_SECRET }, publicUrl, request);
    },
  };
}

/**
 * The context a command runs in, built the same way by every surface once it has resolved the
 * tenant and the actor: the tenant's id, slug, name and settings, its services, the clock.
 */
export function commandContextFor(
  runtime: CommandRuntime,
  tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'settings'>,
  actor: Actor,
  registry: CommandContext['registry'],
): CommandContext {
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, settings: tenant.settings },
    actor,
    services: commandServicesFor(runtime, tenant.id),
    clock: runtime.clock,
    registry,
  };
}
