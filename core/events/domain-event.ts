/**
 * What a command caused that others should hear about. Handlers return events; the dispatcher
 * writes them to the outbox in the command's own transaction, and the outbox sweeper delivers them
 * after commit (DMs, invites, e-mail, follow-up jobs). A crash between the two loses nothing: the
 * event is in the database until it is delivered.
 */
export type DomainEvent = SessionChanged | ProfileChanged;

export const SESSION_CHANGES = [
  'proposed',
  'accepted',
  'declined',
  'scheduled',
  'rescheduled',
  'cancelled',
] as const;
export type SessionChange = (typeof SESSION_CHANGES)[number];

/** A session changed: its other people are told, and a new invite goes out when it changed. */
export interface SessionChanged {
  type: 'session.changed';
  change: SessionChange;
  sessionId: string;
  /** Who made the change (a user id, or `system`); they are not told about their own change. */
  actorUserId: string;
  actorName: string;
  /** The ICS SEQUENCE after the change; a new one means participants get the new invite. */
  icsSequence: number;
  isInviteChanged: boolean;
}

/** A profile's matching inputs changed: its derived data (embedding, credits graph) is recomputed. */
export interface ProfileChanged {
  type: 'creator.profile_changed';
  creatorId: string;
  contentHash: string;
}

export const sessionChanged = (event: Omit<SessionChanged, 'type'>): SessionChanged => ({
  type: 'session.changed',
  ...event,
});
