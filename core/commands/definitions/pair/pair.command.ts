import type { Interval } from '../../../availability/intervals.ts';
import type { WakingHours } from '../../../availability/slots.ts';
import { defineCommand } from '../../command.ts';
import { reply } from '../../reply.ts';
import { type PairArgs, parsePairArgs, SHOWN_SPAN_DAYS, spanOf } from './pair-args.ts';
import { pairView } from './pair-view.ts';

const DAY_MS = 86_400_000;

function scopeText(args: PairArgs): string {
  const parts = [
    ...args.genres.map((g) => `genre:${g}`),
    ...args.roles.map((r) => `role:${r}`),
    args.when?.replace('-', ' '),
    args.durationMinutes ? `${args.durationMinutes} min` : undefined,
    args.isInPerson ? `in person${args.near ? ` near ${args.near}` : ''}` : undefined,
    args.size === 3 ? 'trios' : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * `/pair`: ranked, explained co-writing suggestions with the times everyone is free.
 * `/pair @a` best partners for a; `/pair @a @b [@c]` how well a group fits and when they are free;
 * `/pair genre:alt-pop role:topliner next week 2h in-person near:Nashville` creators for a brief.
 */
export const pairCommand = defineCommand<PairArgs>({
  name: 'pair',
  aliases: ['match'],
  summary: 'Co-writing suggestions with reasons and common free time',
  usage:
    '/pair @a | /pair @a @b [@c] | /pair [genre:X] [role:X] [today|tomorrow|this week|next week] [2h] [in-person near:City [radius:KM]] [trio] [limit:N]',
  examples: [
    '/pair @ana-rossi',
    '/pair @ana-rossi next week 2h',
    '/pair @ana-rossi @ben-okafor',
    '/pair genre:alt-pop role:topliner next week 2h',
    '/pair genre:country in-person near:Nashville',
    '/pair @ana-rossi trio',
  ],
  parse: parsePairArgs,
  async run(context, args) {
    const nowMs = context.clock.nowMs();
    const viewerZone = context.actor.timeZone;
    const gated: Interval | undefined = args.when
      ? spanOf(args.when, nowMs, viewerZone)
      : args.durationMinutes
        ? { startMs: nowMs, endMs: nowMs + SHOWN_SPAN_DAYS * DAY_MS }
        : undefined;
    const answer = await context.services.pairing.pair({
      ...(args.handles.length > 0 ? { creators: args.handles } : {}),
      genres: args.genres,
      roles: args.roles,
      ...(gated
        ? { window: gated }
        : { showWindow: { startMs: nowMs, endMs: nowMs + SHOWN_SPAN_DAYS * DAY_MS } }),
      ...(args.durationMinutes ? { minMinutes: args.durationMinutes } : {}),
      ...(args.size ? { size: args.size } : {}),
      k: args.limit,
      ...(args.isInPerson
        ? {
            inPerson: {
              ...(args.near ? { near: args.near } : {}),
              ...(args.radiusKm ? { radiusKm: args.radiusKm } : {}),
            },
          }
        : {}),
      viewerTimeZone: viewerZone,
    });
    const named =
      args.handles.length === 1 ? await context.services.roster.find(args.handles[0]!) : undefined;
    const anchor = named
      ? { handle: named.handle, displayName: named.displayName, timeZone: named.timeZone }
      : undefined;
    return reply(
      ...pairView({
        answer,
        ...(anchor ? { anchor } : {}),
        viewerZone,
        ...(args.durationMinutes ? { durationMinutes: args.durationMinutes } : {}),
        scope: scopeText(args),
        ...wakingHoursOf(context.tenant.settings),
      }),
    );
  },
});

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The tenant's `settings.availability.wakingHours` ({start, end} as HH:mm), when set and well formed. */
function wakingHoursOf(settings: Readonly<Record<string, unknown>> | undefined): {
  wakingHours?: WakingHours;
} {
  const availability = settings?.availability as
    | { wakingHours?: { start?: unknown; end?: unknown } }
    | undefined;
  const hours = availability?.wakingHours;
  if (typeof hours?.start !== 'string' || typeof hours.end !== 'string') return {};
  if (!CLOCK.test(hours.start) || !CLOCK.test(hours.end)) return {};
  return { wakingHours: { start: hours.start, end: hours.end } };
}
