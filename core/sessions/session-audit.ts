import type { Session } from './session.types.ts';

/**
 * Only what changed, before and after, in the shape the audit log stores (`diff_json`).
 * Participant answers appear as `participants.<userId>` -> their state.
 */
export interface AuditChanges {
  old: Record<string, unknown>;
  new: Record<string, unknown>;
}

const auditedFields = [
  'state',
  'title',
  'notes',
  'startsAtMs',
  'endsAtMs',
  'location',
  'proposedByUserId',
  'holdExpiresAtMs',
  'scheduledAtMs',
  'rescheduleCount',
  'cancelReason',
  'cancelledByUserId',
] as const satisfies readonly (keyof Session)[];

export function diffSessions(before: Session, after: Session): AuditChanges {
  const changes: AuditChanges = { old: {}, new: {} };
  for (const field of auditedFields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes.old[field] = before[field];
      changes.new[field] = after[field];
    }
  }
  const beforeStates = new Map(before.participants.map((p) => [p.userId, p.state]));
  const afterStates = new Map(after.participants.map((p) => [p.userId, p.state]));
  for (const userId of new Set([...beforeStates.keys(), ...afterStates.keys()])) {
    const oldState = beforeStates.get(userId) ?? null;
    const newState = afterStates.get(userId) ?? null;
    if (oldState !== newState) {
      changes.old[`participants.${userId}`] = oldState;
      changes.new[`participants.${userId}`] = newState;
    }
  }
  return changes;
}
