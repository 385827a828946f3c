/**
 * The session model shared by the lifecycle, invites, reminders and campaigns.
 * All instants are UTC epoch milliseconds; intervals are half-open `[startsAtMs, endsAtMs)`.
 */

/**
 * Where a session is in its life.
 *
 * - `suggested`: produced by matching or a publisher; nobody has been asked, nothing is held.
 * - `proposed`: participants are invited and the time is held until `holdExpiresAtMs`.
 * - `accepted`: every required participant said yes; the time is still only held. The booking is
 *   committed by the separate `schedule` event (publisher confirmation, or the system when the tenant
 *   schedules automatically), because that is when the database's exclusion constraints are checked.
 * - `scheduled`: booked; reminders and the calendar invite go out.
 * - `done`, `declined`, `cancelled`, `expired`: terminal.
 *
 * "Rescheduled" is deliberately not a state: a reschedule moves a proposed/accepted/scheduled
 * session to a new time and back to `proposed` (answers reset, new hold), and is recorded as the
 * audit action `rescheduled`.
 */
export const sessionStates = [
  'suggested',
  'proposed',
  'accepted',
  'scheduled',
  'done',
  'declined',
  'cancelled',
  'expired',
] as const;
export type SessionState = (typeof sessionStates)[number];

export const terminalSessionStates: ReadonlySet<SessionState> = new Set([
  'done',
  'declined',
  'cancelled',
  'expired',
]);

export type ParticipantState = 'invited' | 'accepted' | 'declined';

export interface SessionParticipant {
  userId: string;
  displayName: string;
  /** Needed only for calendar invites; participants without one are left out of the ICS. */
  email: string | null;
  /** A required participant's decline declines the session; an optional one's does not. */
  isRequired: boolean;
  state: ParticipantState;
  respondedAtMs: number | null;
}

/** The precise part (address, join link) is shown only once every required participant accepted. */
export type SessionLocation =
  | {
      kind: 'studio';
      studioId: string;
      roomId: string | null;
      name: string;
      address: string;
      city: string;
    }
  | { kind: 'remote'; joinUrl: string }
  | { kind: 'tbd' };

export interface Session {
  id: string;
  tenantId: string;
  title: string;
  notes: string;
  state: SessionState;
  startsAtMs: number;
  endsAtMs: number;
  location: SessionLocation;
  participants: readonly SessionParticipant[];
  createdByUserId: string;
  proposedByUserId: string | null;
  /** Set while the time is held (`proposed`, `accepted`); null otherwise. */
  holdExpiresAtMs: number | null;
  scheduledAtMs: number | null;
  rescheduleCount: number;
  cancelReason: string | null;
  cancelledByUserId: string | null;
  campaignId: string | null;
}

export const actorRoles = ['tenant_admin', 'staff', 'creator', 'viewer', 'system'] as const;
/** `system` is the sweeper/automation; the others are the tenant roles of the PRD (RBAC 4.1). */
export type ActorRole = (typeof actorRoles)[number];

export interface Actor {
  userId: string;
  role: ActorRole;
}

export interface Interval {
  startMs: number;
  endMs: number;
}
