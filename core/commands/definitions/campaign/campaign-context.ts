/** What the campaign commands' handlers share: participants by handle, the open campaign, the audit entry. */
import { findCreators } from '../../../profiles/find-creators.ts';
import { findCampaign, requireOpen, reviewCampaign } from '../../../sessions/campaign-workflow.ts';
import { AppError } from '../../../shared/app-error.ts';
import { byActor } from '../../../shared/audit-log.ts';
import type { HandlerContext } from '../../command.ts';

export async function participantIds(context: HandlerContext, handles: readonly string[]): Promise<string[]> {
  const creators = await findCreators(context.stores.roster, handles, 'sessions.unknown_creator');
  const unreachable = creators.filter((c) => c.userId === null).map((c) => `@${c.handle}`);
  if (unreachable.length)
    throw new AppError('sessions.no_account', `${unreachable.join(', ')} cannot be invited yet (no account)`);
  return creators.map((c) => c.userId!);
}

export async function openCampaign(context: HandlerContext, ref: string) {
  const campaign = await findCampaign(context.stores, ref, { forUpdate: true });
  requireOpen(campaign);
  return campaign;
}

export const review = async (context: HandlerContext, ref: string) =>
  reviewCampaign(context.stores, await findCampaign(context.stores, ref), context.clock.nowMs());

export const audited = (
  context: HandlerContext,
  action: string,
  entityId: string,
  values: Record<string, unknown>,
) =>
  context.stores.audit.record({
    ...byActor(context.actor),
    action,
    entity: 'campaign',
    entityId,
    newValues: values,
  });
