import type { CalendarFetcher } from '../ports/calendar-fetcher.ts';
import type { CalendarParser } from '../ports/calendar-parser.ts';
import type { InviteIdentity } from '../sessions/invite-file.ts';

/**
 * What commands may use outside their transaction: network fetches, off-thread parsing, signed
 * links. Data goes through the stores of the command's one transaction instead. The composition
 * root (bots/runtime) builds it once; tests build small working fakes.
 */
export interface CommandServices {
  calendars: { fetcher: CalendarFetcher; parser: CalendarParser };
  /** The UID domain and organizer of calendar invites. */
  invites: InviteIdentity;
  installLinks: InstallLinks;
}

/** Signed, expiring links that attach a platform workspace to this tenant (`/install slack`). */
export interface InstallLinks {
  /** Undefined when this server cannot install that platform (no OAuth credentials). */
  create(platform: 'slack', request: { tenantId: string; userId: string }): string | undefined;
}
