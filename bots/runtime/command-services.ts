import { DAY_MS } from '../../core/availability/local-time.ts';
import type { Actor, CommandContext } from '../../core/commands/command.ts';
import type { CommandServices, ImageLinks, InstallLinks } from '../../core/commands/services.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import type { Tenant } from '../../core/tenancy/tenant.ts';
import { databaseUnitOfWork } from '../../db/stores/unit-of-work.ts';
import { attachLink } from '../slack/oauth.ts';
import { TEAMS_ATTACH_KEY_PURPOSE, teamsAttachCode } from '../teams/teams-attach.ts';
import { isTeamsOn } from './config.ts';
import type { Runtime } from './runtime.ts';
import { inviteIdentityFor } from './session-delivery.ts';
import { TIMELINE_KEY_PURPOSE, timelineImageLinks } from './timeline-links.ts';
import { findTimelineFonts } from './timeline-png.ts';

/** What building a command context needs from the runtime (tests pass the same parts). */
export type CommandRuntime = Pick<
  Runtime,
  'database' | 'secrets' | 'fetcher' | 'calendarParser' | 'clock' | 'queue'
> &
  Partial<Pick<Runtime, 'config' | 'logger' | 'embedder' | 'work'>>;

const built = new WeakMap<object, { services: CommandServices; work: UnitOfWork }>();

/** The services and the unit of work commands use, built once per runtime. */
export function commandPartsFor(runtime: CommandRuntime): { services: CommandServices; work: UnitOfWork } {
  let parts = built.get(runtime);
  if (!parts) {
    parts = {
      services: {
        calendars: { fetcher: runtime.fetcher, parser: runtime.calendarParser },
        invites: inviteIdentityFor(runtime.config),
        installLinks: installLinksFor(runtime),
        ...imageLinksFor(runtime),
      },
      work:
        runtime.work ??
        databaseUnitOfWork({
          database: runtime.database,
          secrets: runtime.secrets,
          embedder: runtime.embedder ?? localHashedEmbedder(),
        }),
    };
    built.set(runtime, parts);
  }
  return parts;
}

/**
 * Slack attach links when this server has the Slack OAuth credentials; Teams connect codes when
 * the Teams surface is on (a runtime without configuration, as in tests, has it on).
 */
function installLinksFor(runtime: CommandRuntime): InstallLinks {
  const config = runtime.config;
  return {
    create(platform, request) {
      if (platform === 'teams') {
        if (config && !isTeamsOn(config)) return undefined;
        return teamsAttachCode(
          runtime.secrets.deriveKey(TEAMS_ATTACH_KEY_PURPOSE),
          request,
          runtime.clock.nowMs(),
        );
      }
      if (!config?.SLACK_CLIENT_ID || !config.SLACK_CLIENT_SECRET) return undefined;
      const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
      return attachLink({ clientSecret: config.SLACK_CLIENT_SECRET }, publicUrl, request);
    },
  };
}

/**
 * Week picture links when this machine has a font to draw them (the server that serves them reads
 * the same configuration and key). Their origin is PUBLIC_URL, else this server on localhost.
 */
function imageLinksFor(runtime: CommandRuntime): { images?: ImageLinks } {
  const config = runtime.config;
  if (!findTimelineFonts(config?.TIMELINE_FONT_FILE)) return {};
  return {
    images: timelineImageLinks({
      key: runtime.secrets.deriveKey(TIMELINE_KEY_PURPOSE),
      publicUrl: config?.PUBLIC_URL ?? `http://localhost:${config?.PORT ?? 3000}`,
      ttlMs: (config?.TIMELINE_LINK_TTL_DAYS ?? 7) * DAY_MS,
      nowMs: () => runtime.clock.nowMs(),
    }),
  };
}

/**
 * The context a command runs in, built the same way by every surface once it has resolved the
 * tenant and the actor: the tenant's id, slug, name and settings, its services, the clock, and
 * the unit of work its one transaction runs in.
 */
export function commandContextFor(
  runtime: CommandRuntime,
  tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'settings'>,
  actor: Actor,
  registry: CommandContext['registry'],
): CommandContext {
  const { services, work } = commandPartsFor(runtime);
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, settings: tenant.settings },
    actor,
    services,
    clock: runtime.clock,
    registry,
    work,
  };
}
