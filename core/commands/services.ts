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
  /** Undefined when this server cannot draw pictures (no font to draw text with). */
  images?: ImageLinks;
}

/**
 * Signed, expiring links to pictures this server draws on request (the week timeline). The link
 * carries what to draw, so it is bounded: Slack takes image URLs of up to 3,000 characters.
 */
export interface ImageLinks {
  /** The most payload bytes a link may carry and stay within that bound. */
  readonly maxPayloadBytes: number;
  /** The public URL of the timeline picture these bytes describe (`core/availability/timeline.codec.ts`). */
  timeline(payload: Uint8Array): string;
}

/**
 * Signed, expiring ways to attach a platform's organisation to this tenant: a Slack install link
 * (`/install slack`), or a Teams connect code an admin sends the bot from the new organisation
 * (`/install teams`).
 */
export interface InstallLinks {
  /** Undefined when this server cannot install that platform (Slack OAuth or Teams not configured). */
  create(platform: 'slack' | 'teams', request: { tenantId: string; userId: string }): string | undefined;
}
