import ICAL from 'ical.js';
import { floatingToUtcMs, isValidTimeZone } from './local-time.ts';

/**
 * Instants for iCalendar date/time values, without ical.js's global timezone registry (a
 * calendar's VTIMEZONE must not leak into another's) and without the process time zone.
 */
export class IcsClock {
  private readonly vtimezones = new Map<string, ICAL.Timezone>();

  constructor(
    calendar: ICAL.Component,
    /** Zone for floating times and all-day (DATE) events. */
    readonly fallbackTimeZone: string,
  ) {
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
      if (tzid) this.vtimezones.set(tzid, new ICAL.Timezone({ component: vtimezone, tzid }));
    }
  }

  /** The IANA zone a TZID stands for, if any (also `/mozilla.org/.../Europe/London` style). */
  ianaZone(tzid: string | undefined): string | undefined {
    if (!tzid) return undefined;
    if (isValidTimeZone(tzid)) return tzid;
    const tail = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(tzid)?.[1];
    return tail && !this.vtimezones.has(tzid) && isValidTimeZone(tail) ? tail : undefined;
  }

  /** The zone in which a value's wall-clock is read: IANA name, or undefined for UTC. */
  zoneFor(time: ICAL.Time, tzid: string | undefined): string | ICAL.Timezone | undefined {
    if (time.isDate) return this.fallbackTimeZone;
    if (time.zone?.tzid === 'UTC') return undefined;
    const iana = this.ianaZone(tzid);
    if (iana) return iana;
    const vtimezone = tzid ? this.vtimezones.get(tzid) : undefined;
    return vtimezone ?? this.fallbackTimeZone;
  }

  /** The instant of `time` (a DATE means local midnight in the fallback zone). */
  instantMs(time: ICAL.Time, tzid: string | undefined): number {
    return this.instantInZone(floatingMsOf(time), this.zoneFor(time, tzid));
  }

  instantInZone(floatingMs: number, zone: string | ICAL.Timezone | undefined): number {
    if (zone === undefined) return floatingMs;
    if (typeof zone === 'string') return floatingToUtcMs(floatingMs, zone);
    const d = new Date(floatingMs);
    const time = ICAL.Time.fromData(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
      },
      zone,
    );
    return floatingMs - zone.utcOffset(time) * 1000;
  }
}

/** The wall-clock of an ical.js time as floating milliseconds (read as if UTC). */
export function floatingMsOf(time: ICAL.Time): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

/** Nominal (wall-clock) length for days and weeks, exact for the rest, as RFC 5545 3.3.6 says. */
export function durationParts(duration: ICAL.Duration): { days: number; exactMs: number } {
  const sign = duration.isNegative ? -1 : 1;
  return {
    days: sign * (duration.weeks * 7 + duration.days),
    exactMs: sign * ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000,
  };
}
