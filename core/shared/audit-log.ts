/** One change as the audit trail keeps it: who, what, and the old and new values. */
export interface AuditEntry {
  /** Null for the system (sweeps, automatic scheduling) and operators without a user. */
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entity: string;
  entityId?: string | null;
  oldValues?: Record<string, unknown> | null;
  newValues?: Record<string, unknown> | null;
}

/**
 * The append-only audit trail of one tenant, written in the same transaction as the change.
 *
 * @example
 * await stores.audit.record({ actorUserId, actorLabel: 'Pat', action: 'studio.created', entity: 'studio', entityId, newValues });
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** An audit entry by this actor. */
export const byActor = (actor: { userId: string; displayName: string }) => ({
  actorUserId: actor.userId,
  actorLabel: actor.displayName,
});
