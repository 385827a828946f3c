import type { CalendarFailureReason } from './calendar-failures.ts';
import type { PersonAvailability } from './free-time.ts';
import type { Interval } from './intervals.ts';
import type { RecurringRule } from './recurring-rule.ts';

export interface RuleRecord extends RecurringRule {
  id: string;
}

export interface BlockRecord extends Interval {
  id: string;
  kind: 'available' | 'unavailable';
  note?: string;
}

export interface CalendarRecord {
  id: string;
  source: 'ics_file' | 'ics_url';
  label: string;
  busyCount: number;
  lastSyncedAtMs?: number;
  /** Why the last sync failed, as a code (never the feed's content or the address). */
  lastFailure?: CalendarFailureReason;
}

/** Everything the overlap engine needs about one creator inside a window. */
export interface CreatorTime extends PersonAvailability {
  creatorId: string;
  handle: string;
  displayName: string;
  city?: string;
  isWritingOptIn: boolean;
}

/**
 * Availability of the tenant's creators, in the command's transaction: weekly rules (local
 * wall-clock in the creator's zone), one-off blocks, calendars, and the writing opt-in.
 */
export interface AvailabilityStore {
  rules(creatorId: string): Promise<RuleRecord[]>;
  addRule(creatorId: string, rule: RecurringRule): Promise<RuleRecord>;
  removeRule(creatorId: string, ruleId: string): Promise<RuleRecord | undefined>;
  /** One-offs that end after `fromMs`, earliest first. */
  blocks(creatorId: string, fromMs: number): Promise<BlockRecord[]>;
  addBlock(creatorId: string, block: Omit<BlockRecord, 'id'>): Promise<BlockRecord>;
  removeBlock(creatorId: string, blockId: string): Promise<BlockRecord | undefined>;
  calendars(creatorId: string): Promise<CalendarRecord[]>;
  /**
   * Locks the creator's row (two adds cannot both take the last place) and refuses a calendar past
   * the per-person limit (`availability.too_many_calendars`).
   */
  claimCalendarPlace(creatorId: string): Promise<void>;
  /** A calendar subscribed by its secret address (sealed at rest), with its busy time. */
  addUrlCalendar(
    creatorId: string,
    input: { label: string; url: string; busy: readonly Interval[]; nowMs: number },
  ): Promise<{ calendarId: string; busyCount: number }>;
  removeCalendar(creatorId: string, calendarId: string): Promise<CalendarRecord | undefined>;
  setWritingOptIn(creatorId: string, isOptedIn: boolean): Promise<void>;
  /** Rules, one-offs, calendar busy time and session bookings of these creators inside `window`. */
  time(creatorIds: readonly string[], window: Interval, nowMs: number): Promise<Map<string, CreatorTime>>;
  /**
   * The stated availability of the creators these users are, by user id: rules, one-offs and
   * calendar busy time inside `window`, without sessions (a session's own clash check has those).
   */
  ofUsers(userIds: readonly string[], window: Interval, nowMs: number): Promise<Map<string, CreatorTime>>;
}
