import type { CalendarFailureReason } from '../availability/calendar-failures.ts';
import type { PairingDesk } from '../matching/pair-query.ts';
import type { CampaignService, RoomService, SessionService } from './session.services.ts';

/**
 * What commands may ask of the rest of the system, already bound to one tenant and actor.
 * The composition root (bots/runtime) builds it from the database; tests build small fakes.
 */
export interface CommandServices {
  roster: RosterReader;
  availability: AvailabilityDesk;
  profiles: ProfileDesk;
  doNotPair: DoNotPairDesk;
  sessions: SessionService;
  rooms: RoomService;
  campaigns: CampaignService;
  pairing: PairingDesk;
  installLinks: InstallLinks;
}

/** Signed, expiring links that attach a platform workspace to this tenant (`/install slack`). */
export interface InstallLinks {
  /** Undefined when this server cannot install that platform (no OAuth credentials). */
  create(platform: 'slack', request: { tenantId: string; userId: string }): string | undefined;
}

export interface CreatorSummary {
  handle: string;
  displayName: string;
  timeZone: string;
  genres: string[];
  roles: string[];
  city?: string;
  isWritingOptIn: boolean;
}

export interface RosterReader {
  list(query: {
    genre?: string;
    role?: string;
    limit: number;
  }): Promise<{ creators: CreatorSummary[]; total: number }>;
  find(handle: string): Promise<CreatorSummary | undefined>;
}

/** A creator's availability as stored: rules in their own zone, one-offs and calendars. */
export interface AvailabilityRecord {
  handle: string;
  displayName: string;
  timeZone: string;
  isWritingOptIn: boolean;
  rules: Array<{
    id: string;
    rrule: string;
    startTime: string;
    endTime: string;
    fromDate?: string;
    untilDate?: string;
  }>;
  blocks: Array<{
    id: string;
    kind: 'available' | 'unavailable';
    startMs: number;
    endMs: number;
    note?: string;
  }>;
  calendars: Array<{
    id: string;
    label: string;
    source: 'ics_file' | 'ics_url';
    lastSyncedAtMs?: number;
    busyCount: number;
    /** Why the last sync failed, as a code (calendarFailureText says it to a person). */
    lastFailure?: CalendarFailureReason;
  }>;
}

/**
 * Reading and changing availability, for one tenant. Writes validate (zone, RRULE, times) before
 * touching the database and record an audit event.
 */
export interface AvailabilityDesk {
  record(handle: string, window: { startMs: number; endMs: number }): Promise<AvailabilityRecord | undefined>;
  /** Free time inside `window`: rules and extra blocks, minus busy and unavailable time. */
  freeIntervals(
    handle: string,
    window: { startMs: number; endMs: number },
  ): Promise<Array<{ startMs: number; endMs: number }>>;
  addRule(
    handle: string,
    rule: { rrule: string; startTime: string; endTime: string; fromDate?: string; untilDate?: string },
    actorLabel: string,
  ): Promise<void>;
  removeRule(handle: string, ruleId: string, actorLabel: string): Promise<void>;
  addBlock(
    handle: string,
    block: { kind: 'available' | 'unavailable'; startMs: number; endMs: number; note?: string },
    actorLabel: string,
  ): Promise<void>;
  removeBlock(handle: string, blockId: string, actorLabel: string): Promise<void>;
  setWritingOptIn(handle: string, isOptedIn: boolean, actorLabel: string): Promise<void>;
  /**
   * Subscribes to a secret ICS address and imports its busy time now. The address is fetched and the
   * feed read (bounded) before anything is written, so a failure leaves nothing behind.
   */
  addCalendarUrl(handle: string, url: string, actorLabel: string): Promise<{ busyCount: number }>;
  /** Removes a calendar and its busy time (audited). */
  removeCalendar(handle: string, calendarId: string, actorLabel: string): Promise<void>;
}

/** What `/profile set` may change; omitted fields stay as they are. */
export interface ProfileChanges {
  displayName?: string;
  bio?: string;
  timeZone?: string;
  genres?: string[];
  tags?: string[];
  roles?: string[];
  inspirations?: string[];
  location?: { city: string; cityId: string; country: string; lat: number; lon: number } | null;
  isLocationOptIn?: boolean;
  isWritingOptIn?: boolean;
}

export interface ProfileView {
  handle: string;
  displayName: string;
  bio: string;
  timeZone: string;
  genres: string[];
  tags: string[];
  roles: string[];
  inspirations: string[];
  city?: string;
  isLocationOptIn: boolean;
  isWritingOptIn: boolean;
  creditCount: number;
}

/** Reading and editing creator profiles; an edit is audited and re-derives (re-embeds) the profile. */
export interface ProfileDesk {
  get(handle: string): Promise<ProfileView | undefined>;
  update(
    handle: string,
    changes: ProfileChanges,
    actor: { userId: string; label: string },
  ): Promise<{ changed: string[] }>;
}

/** Pairs never to be suggested together, in either direction (a hard matching rule). */
export interface DoNotPairDesk {
  list(): Promise<Array<{ handles: [string, string]; reason: string | null }>>;
  add(
    handles: [string, string],
    reason: string | undefined,
    actor: { userId: string; label: string },
  ): Promise<void>;
  /** False when the pair had no rule. */
  remove(handles: [string, string], actor: { userId: string; label: string }): Promise<boolean>;
}
