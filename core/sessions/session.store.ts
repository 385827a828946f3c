import type { BusyInput } from './conflicts.ts';
import type { Interval, Session, SessionParticipant } from './session.types.ts';

/** A session as commands see it: the core session plus what people type and read. */
export interface SessionView {
  session: Session;
  /** The first 8 characters of the id: what people type. */
  shortId: string;
  /** "Studio / Room" when the session takes a room. */
  roomLabel: string | null;
  /** Creator handles by user id, for the participants who have one. */
  handles: Readonly<Record<string, string>>;
  icsSequence: number;
}

/** Which sessions a list shows. */
export interface SessionListQuery {
  /** Sessions these users take part in, or proposed (any user when absent). */
  involvingUserId?: string;
  /** Live ones, and those that ended after this instant. */
  endedAfterMs: number;
  limit: number;
}

/**
 * Sessions of one tenant, in the command's transaction. The store keeps rows, participants and
 * bookings in step; the exclusion constraints on bookings make double booking impossible, and a
 * booking lost to a concurrent one comes back as AppError `sessions.time_taken` with the
 * transaction still usable (the write ran in a savepoint).
 */
export interface SessionStore {
  /** Up to two sessions whose id starts with `prefix` (the caller decides visibility and ambiguity). */
  findByPrefix(prefix: string, options?: { forUpdate?: boolean }): Promise<SessionView[]>;
  byIds(ids: readonly string[], options?: { forUpdate?: boolean }): Promise<SessionView[]>;
  list(query: SessionListQuery): Promise<SessionView[]>;
  /** Sessions the sweep may move on: lapsed holds, accepted ones, scheduled ones that ended. */
  dueForSweep(nowMs: number): Promise<SessionView[]>;
  /** Inserts (`before` null) or updates a session with its participants and bookings. */
  save(
    before: SessionView | null,
    next: Session,
    stored: { icsSequence: number; roomId: string | null },
  ): Promise<SessionView>;
  /** Live bookings and calendar busy time of these people (and the room) inside `window`. */
  busy(input: {
    userIds: readonly string[];
    roomId: string | null;
    window: Interval;
    nowMs: number;
    excludeSessionId?: string;
  }): Promise<BusyInput>;
  /** Held sessions whose hold is over that still book these people or the room in `window`. */
  staleHolds(input: {
    userIds: readonly string[];
    roomId: string | null;
    window: Interval;
    nowMs: number;
  }): Promise<string[]>;
  /** Session participants for these users (names from their creator profile, e-mail for invites). */
  participants(userIds: readonly string[]): Promise<SessionParticipant[]>;
  /** Whether this user already gave feedback on the session. */
  hasFeedback(sessionId: string, fromUserId: string): Promise<boolean>;
  /** Stores it; false when this user's feedback was already there (two at once: one wins). */
  addFeedback(input: {
    sessionId: string;
    fromUserId: string;
    rating: number;
    wouldWriteAgain: boolean;
    note: string | null;
  }): Promise<boolean>;
}
