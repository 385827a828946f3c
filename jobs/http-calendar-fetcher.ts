import type { CalendarFetcher } from '../core/ports/calendar-fetcher.ts';
import { AppError } from '../core/shared/app-error.ts';

export interface HttpCalendarFetcherOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** Fetches ICS feeds over HTTP(S) with a time limit and a size cap; errors name the host, never the secret path. */
export function httpCalendarFetcher(options: HttpCalendarFetcherOptions = {}): CalendarFetcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  return {
    async fetchIcs(url) {
      const host = new URL(url).host;
      const unreachable = (why: string) =>
        new AppError('availability.calendar_unreachable', `Could not read the calendar at ${host}: ${why}`, {
          host,
        });
      let response: Response;
      try {
        response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'text/calendar, */*;q=0.5' },
          redirect: 'follow',
        });
      } catch (error) {
        throw unreachable(
          error instanceof Error && error.name === 'TimeoutError' ? 'it took too long' : 'no answer',
        );
      }
      if (!response.ok) throw unreachable(`HTTP ${response.status}`);
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > maxBytes) throw unreachable('the feed is too large');
      const body = await response.arrayBuffer();
      if (body.byteLength > maxBytes) throw unreachable('the feed is too large');
      return new TextDecoder().decode(body);
    },
  };
}
