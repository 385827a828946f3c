import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import type { Clock } from '../../core/shared/clock.ts';
import { availabilityDmReply, availabilityDmSettings, dueWeek } from '../../core/surface/availability-dm.ts';
import type { ConversationRefStore } from '../../core/surface/conversation-refs.ts';
import { type DeliveryLedger, sendOnce } from '../../core/surface/delivery-ledger.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { cardActivity, renderCard, summaryOf } from '../teams/adaptive-cards.ts';
import type { TeamsSender } from '../teams/teams-deliverer.ts';
import type { Logger } from './logger.ts';
import { repeatingSweep } from './repeating-sweep.ts';

export const AVAILABILITY_DM_SWEEP_MS = 15 * 60_000;

export interface AvailabilityDmDeps {
  tenants: Pick<TenantDirectory, 'list'>;
  refs: ConversationRefStore;
  work: UnitOfWork;
  sender: TeamsSender;
  deliveries: DeliveryLedger;
  clock: Clock;
  logger: Logger;
}

/**
 * One pass of the weekly availability DM: for each active tenant whose DM is due this week (its
 * day and hour on its clock), every creator open to writing who has a reachable Teams personal chat
 * is asked once. The week is part of each dedupe key, so a late, repeated or concurrent pass sends
 * nobody a second DM; the sender throttles, backs off and marks the unreachable.
 */
export async function runAvailabilityDmSweep(deps: AvailabilityDmDeps) {
  const report = { sent: 0, unreachable: 0, failed: 0 };
  const message = availabilityDmReply();
  const activity = cardActivity(renderCard(message), summaryOf(message));
  for (const tenant of await deps.tenants.list()) {
    if (tenant.status !== 'active') continue;
    const week = dueWeek(deps.clock.nowMs(), availabilityDmSettings(tenant.settings));
    if (!week) continue;
    const refs = await deps.refs.listReachable(tenant.id, 'teams');
    if (refs.length === 0) continue;
    const { creators } = await deps.work.inTenant(tenant.id, (stores) =>
      stores.roster.list({ limit: 10_000 }),
    );
    const asked = new Set(creators.filter((c) => c.isWritingOptIn && c.userId).map((c) => c.userId!));
    for (const ref of refs.filter((r) => asked.has(r.userId))) {
      try {
        await sendOnce(
          deps.deliveries,
          'notify',
          `teams:availability-dm:${tenant.id}:${ref.userId}:${week}`,
          async () => {
            if ((await deps.sender.send(ref, activity)) === 'unreachable') report.unreachable += 1;
            else report.sent += 1;
          },
        );
      } catch (error) {
        report.failed += 1;
        deps.logger.warn({ err: error, tenantId: tenant.id, userId: ref.userId }, 'availability DM failed');
      }
    }
  }
  return report;
}

/** Runs the sweep every 15 minutes in this process (timer unref'd, never two at once). */
export function startAvailabilityDmSweeper(deps: AvailabilityDmDeps, intervalMs = AVAILABILITY_DM_SWEEP_MS) {
  const sweep = () =>
    runAvailabilityDmSweep(deps)
      .then((report) => {
        if (report.sent + report.unreachable + report.failed > 0)
          deps.logger.info(report, 'availability DMs');
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'availability DM sweep failed'));
  return repeatingSweep(sweep, intervalMs);
}
