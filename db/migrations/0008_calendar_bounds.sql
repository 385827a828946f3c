-- Calendar feeds under bounds (issue 9). A sync claims its calendar until a lease runs out, so two
-- syncs of one calendar never overlap; last_error holds only a reason code (see
-- core/availability/calendar-failures.ts), never a message that could quote the feed or the address.

alter table calendars add column sync_claimed_until timestamptz;

-- Messages written before reasons were codes could quote a feed (ical.js errors echo lines).
update calendars set last_error = 'legacy' where last_error is not null;
alter table calendars
  add constraint calendars_last_error_is_code check (last_error ~ '^[a-z][a-z_]{0,39}$');
