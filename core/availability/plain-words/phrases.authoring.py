"""Expected results of the plain-word phrase set, written by hand as local wall-clock times.

Offsets come from Python's zoneinfo (an IANA implementation independent of luxon and of the
reader); nothing here runs the reader. Regenerate: python3 core/availability/plain-words/phrases.authoring.py > core/availability/plain-words/phrases.json
then npx biome format --write core/availability/plain-words/phrases.json
"""
import datetime as dt
import json
import zoneinfo

NOWS = {
    'chi': ('America/Chicago', '2026-12-01T10:00:00-06:00'),    # Tue
    'chi-dst': ('America/Chicago', '2026-10-30T12:00:00-05:00'),  # Fri, US clocks go back Sun 1 Nov
    'chi-sun': ('America/Chicago', '2026-12-06T22:00:00-06:00'),  # Sun night
    'la-dst': ('America/Los_Angeles', '2027-03-11T09:00:00-08:00'),  # Thu, US clocks go forward Sun 14 Mar
    'ldn-dst': ('Europe/London', '2027-03-24T12:00:00+00:00'),  # Wed, BST from Sun 28 Mar
    'ldn-oct': ('Europe/London', '2026-10-23T10:00:00+01:00'),  # Fri, GMT from Sun 25 Oct
    'sto': ('Europe/Stockholm', '2026-12-03T15:00:00+01:00'),  # Thu
    'syd-dst': ('Australia/Sydney', '2027-04-01T09:00:00+11:00'),  # Thu, AEST from Sun 4 Apr
    'tyo': ('Asia/Tokyo', '2026-12-05T20:00:00+09:00'),  # Sat night
}

def iso(zone, date, minutes):
    day = dt.date.fromisoformat(date) + dt.timedelta(days=minutes // 1440)
    m = minutes % 1440
    local = dt.datetime(day.year, day.month, day.day, m // 60, m % 60, tzinfo=zoneinfo.ZoneInfo(zone))
    return local.isoformat()

def mins(hhmm):
    h, m = hhmm.split(':')
    return int(h) * 60 + int(m)

def item(kind, date, start='00:00', end='24:00', rrule=None):
    return (kind, date, mins(start), mins(end), rrule)

def A(date, start='00:00', end='24:00', rrule=None):
    return item('available', date, start, end, rrule)

def U(date, start='00:00', end='24:00', rrule=None):
    return item('unavailable', date, start, end, rrule)

ENTRIES = []

def E(text, now, *items, nu=(), miss=None):
    zone, now_iso = NOWS[now]
    understood = []
    for kind, date, start, end, rrule in items:
        if end <= start:
            end += 1440
        entry = {'kind': kind, 'start': iso(zone, date, start), 'end': iso(zone, date, end)}
        if rrule:
            entry['rrule'] = rrule
        understood.append(entry)
    understood.sort(key=lambda e: (dt.datetime.fromisoformat(e['start']), dt.datetime.fromisoformat(e['end'])))
    row = {'text': text, 'timeZone': zone, 'now': now_iso, 'expected': {'understood': understood, 'notUnderstood': list(nu)}}
    if miss:
        row['knownMiss'] = miss
    ENTRIES.append(row)

WD = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'
def wk(days):
    return f'FREQ=WEEKLY;BYDAY={days}'
D = '2026-12-'
# --- Chicago, Tuesday 1 Dec 2026 10:00 CST. This week Mon 30 Nov - Sun 6 Dec; next week 7-13; the week after 14-20.
c = 'chi'
E('Tue after 6', c, A(D+'01', '18:00', '21:00'))
E('Thu 2-5pm', c, A(D+'03', '14:00', '17:00'))
E('not Friday', c, U(D+'04'))
E("Tue after 6, Thu 2-5pm, not Friday, I'm in LA next week", c,
  A(D+'01', '18:00', '21:00'), A(D+'03', '14:00', '17:00'), U(D+'04'))
E('wednesday 10 to 1', c, A(D+'02', '10:00', '13:00'))
E('Wed 10-2', c, A(D+'02', '10:00', '14:00'))
E('thurs after 10am', c, A(D+'03', '10:00', '21:00'))
E('fri before noon', c, A(D+'04', '09:00', '12:00'))
E('Monday all day', c, A(D+'07'))
E('tuesday morning', c, A(D+'08', '09:00', '12:00'))
E('Tuesday evening', c, A(D+'01', '17:00', '21:00'))
E('tuesady afternoon', c, A(D+'01', '12:00', '17:00'))
E('wendesday evening', c, A(D+'02', '17:00', '21:00'))
E('thrusday 9-5', c, A(D+'03', '09:00', '17:00'))
E('fri. 2-4', c, A(D+'04', '14:00', '16:00'))
E('tmrw after 6', c, A(D+'02', '18:00', '21:00'))
E('tomorrow morning', c, A(D+'02', '09:00', '12:00'))
E('tonight', c, A(D+'01', '17:00', '21:00'))
E('today 3-5pm', c, A(D+'01', '15:00', '17:00'))
E('busy Wed', c, U(D+'02'))
E('no Thursday', c, U(D+'03'))
E("can't do Monday morning", c, U(D+'07', '09:00', '12:00'))
E('off on the 14th', c, U(D+'14'))
E('the 14th after 6', c, A(D+'14', '18:00', '21:00'))
E('Dec 3 2-5pm', c, A(D+'03', '14:00', '17:00'))
E('3 Dec all day', c, A(D+'03'))
E('December 10th 10am-12pm', c, A(D+'10', '10:00', '12:00'))
E('12/13 morning', c, A(D+'13', '09:00', '12:00'))
E('12/3', c, nu=['12/3'])
E('every Tuesday 10-1', c, A(D+'01', '10:00', '13:00', wk('TU')))
E('weekdays after 5', c, A(D+'01', '17:00', '21:00', WD))
E('Tuesdays 10-1', c, A(D+'01', '10:00', '13:00', wk('TU')))
E('every weekend', c, A(D+'05', rrule=wk('SA,SU')))
E('every Thursday afternoon', c, A(D+'03', '12:00', '17:00', wk('TH')))
E('mondays and wednesdays after 7', c, A(D+'02', '19:00', '21:00', wk('MO,WE')))
E('Tue and Thu 2-5pm', c, A(D+'01', '14:00', '17:00'), A(D+'03', '14:00', '17:00'))
E('Mon and Tue after 6', c, A(D+'01', '18:00', '21:00'), A(D+'07', '18:00', '21:00'))
E('next week Tue 10 to 1', c, A(D+'08', '10:00', '13:00'))
E('Thursday next week after 6', c, A(D+'10', '18:00', '21:00'))
E('Friday the week after', c, A(D+'18'))
E('this week Thursday evening', c, A(D+'03', '17:00', '21:00'))
E('not Monday next week', c, U(D+'07'))
E('busy next week', c, *[U(D+f'{d:02}') for d in range(7, 14)])
E("I'm in Nashville until the 10th", c)
E('in London next week', c)
E('free Wed 1-3 and Fri after 4', c, A(D+'02', '13:00', '15:00'), A(D+'04', '16:00', '21:00'))
E('Wed 1-3, Fri after 4', c, A(D+'02', '13:00', '15:00'), A(D+'04', '16:00', '21:00'))
E('Wednesday works but not Thursday', c, A(D+'02'), U(D+'03'))
E('between 2 and 5 on thurs', c, A(D+'03', '14:00', '17:00'))
E('Thu from 1:30 to 3', c, A(D+'03', '13:30', '15:00'))
E('any time Thursday', c, A(D+'03'))
E('Thursday anytime after 3', c, A(D+'03', '15:00', '21:00'))
E('sat 11am-2pm', c, A(D+'05', '11:00', '14:00'))
E('Sunday afternoon', c, A(D+'06', '12:00', '17:00'))
E('sat and sun', c, A(D+'05'), A(D+'06'))
E('this weekend', c, A(D+'05'), A(D+'06'))
E('next weekend', c, A(D+'12'), A(D+'13'))
E('busy this weekend', c, U(D+'05'), U(D+'06'))
E('Fri evening or Sat morning', c, A(D+'04', '17:00', '21:00'), A(D+'05', '09:00', '12:00'))
E('mon 10-12', c, A(D+'07', '10:00', '12:00'))
E('Mon 9:30-11', c, A(D+'07', '09:30', '11:00'))
E('monday 6-8pm', c, A(D+'07', '18:00', '20:00'))
E('Mon 7-9', c, A(D+'07', '19:00', '21:00'))
E('Mon 8-10', c, A(D+'07', '08:00', '10:00'))
E('Thu 11-1', c, A(D+'03', '11:00', '13:00'))
E('Thu 12-3', c, A(D+'03', '12:00', '15:00'))
E('Friday 10pm-2am', c, A(D+'04', '22:00', '02:00'))
E('Friday after 9pm', c, A(D+'04', '21:00', '24:00'))
E('Friday noon-3', c, A(D+'04', '12:00', '15:00'))
E('free at 3 on Friday', c, A(D+'04', '15:00', '16:00'))
E('Friday at 11am', c, A(D+'04', '11:00', '12:00'))
E('Thu 2pm', c, A(D+'03', '14:00', '15:00'))
E('Wed before 5', c, A(D+'02', '09:00', '17:00'))
E('Thu until 3', c, A(D+'03', '09:00', '15:00'))
E('not available Friday afternoon', c, U(D+'04', '12:00', '17:00'))
E('Friday is out', c, U(D+'04'))
E('Fridays are bad', c, U(D+'04', rrule=wk('FR')))
E('never on Sundays', c, U(D+'06', rrule=wk('SU')))
E('no mornings', c, U(D+'02', '09:00', '12:00', 'FREQ=DAILY'))
E('evenings', c, A(D+'01', '17:00', '21:00', 'FREQ=DAILY'))
E('weekday mornings', c, A(D+'02', '09:00', '12:00', WD))
E('weekends are free', c, A(D+'05', rrule=wk('SA,SU')))
E('every other Tuesday after 6', c, A(D+'01', '18:00', '21:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'))
E('every day after 5', c, A(D+'01', '17:00', '21:00', 'FREQ=DAILY'))
E('daily 9-11', c, A(D+'02', '09:00', '11:00', 'FREQ=DAILY'))
E('hi! thanks for checking', c, nu=['hi', 'thanks for checking'])
E('Tue after my dentist appt', c, nu=['Tue after my dentist appt'])
E('ask my manager', c, nu=['ask my manager'])
E('maybe Wed', c, A(D+'02'))
E('probably free thurs evening', c, A(D+'03', '17:00', '21:00'))
E('Thu evening works for me', c, A(D+'03', '17:00', '21:00'))
E('I can do Monday after 2', c, A(D+'07', '14:00', '21:00'))
E('i could do mon after 8', c, A(D+'07', '20:00', '21:00'))
E('tue 5-7, wed 5-7', c, A(D+'01', '17:00', '19:00'), A(D+'02', '17:00', '19:00'))
E('free all day Saturday', c, A(D+'05'))
E('the whole day on the 10th', c, A(D+'10'))
E('off the 14th and 15th', c, U(D+'14'), U(D+'15'))
E('not before 10', c, nu=['not before 10'])
E('Tuesday or Wednesday', c, A(D+'02'), A(D+'08'))
E('tues or weds after 5', c, A(D+'01', '17:00', '21:00'), A(D+'02', '17:00', '21:00'))
E('next Tuesday', c, A(D+'08'))
E('this Friday 3-6', c, A(D+'04', '15:00', '18:00'))
E('next Thu 2-5', c, A(D+'10', '14:00', '17:00'))
E('next fri after 6', c, A(D+'11', '18:00', '21:00'))
E("I'm around Thursday after lunch", c, nu=["I'm around Thursday after lunch"])
E('Thu at noon', c, A(D+'03', '12:00', '13:00'))
E('Thu noon', c, A(D+'03', '12:00', '13:00'))
E('Dec 3rd after 5pm', c, A(D+'03', '17:00', '21:00'))
E('December 14 - all day', c, A(D+'14'))
E('the 3rd', c, A(D+'03'))
E('the 1st', c, A(D+'01'))
E('Nov 20', c, A('2027-11-20'))
E('Jan 5 after 6', c, A('2027-01-05', '18:00', '21:00'))
E('13/12 evening', c, A(D+'13', '17:00', '21:00'))
E('12/25', c, A(D+'25'))
E('2026-12-09 10-12', c, A(D+'09', '10:00', '12:00'))
E('wed 10:30-12:30', c, A(D+'02', '10:30', '12:30'))
E('Thu 10.30-12', c, A(D+'03', '10:30', '12:00'))
E('thu 2 to 4', c, A(D+'03', '14:00', '16:00'))
E('thu 2 till 4', c, A(D+'03', '14:00', '16:00'))
E('thu 2-4 p.m.', c, A(D+'03', '14:00', '16:00'))
E('Thu 9am-5pm', c, A(D+'03', '09:00', '17:00'))
E('THURSDAY 2-5PM', c, A(D+'03', '14:00', '17:00'))
E('Thur 3-5', c, A(D+'03', '15:00', '17:00'))
E('Th 3-5', c, A(D+'03', '15:00', '17:00'), miss='two-letter day names (th, tu, sa) are not read: too easily other words')
E('mon after 6 tue after 6 wed after 6', c, A(D+'01', '18:00', '21:00'), A(D+'02', '18:00', '21:00'), A(D+'07', '18:00', '21:00'))
E('Mon/Wed/Fri mornings', c, A(D+'02', '09:00', '12:00', wk('MO,WE,FR')))
E('Mon, Wed, Fri mornings', c, A(D+'02', '09:00', '12:00', wk('MO,WE,FR')))
E('Tue, Thu 2-5pm', c, A(D+'01', '14:00', '17:00'), A(D+'03', '14:00', '17:00'))
E('Saturday, Sunday', c, A(D+'05'), A(D+'06'))
E('Wed: after 6', c, A(D+'02', '18:00', '21:00'))
E('next week: Mon after 6, Wed 2-5', c, A(D+'07', '18:00', '21:00'), A(D+'09', '14:00', '17:00'))
E('Next week Mon after 6, Wed 2-5', c, A(D+'07', '18:00', '21:00'), A(D+'09', '14:00', '17:00'))
E('Mon after 6. Wed 2-5', c, A(D+'02', '14:00', '17:00'), A(D+'07', '18:00', '21:00'))
E('this week is packed', c, *[U(D+f'{d:02}') for d in range(1, 7)])
E('slammed tmrw', c, U(D+'02'))
E('booked solid Thursday', c, U(D+'03'))
E('Free Monday but busy Tuesday', c, A(D+'07'), U(D+'08'))
E("Can't make Friday", c, U(D+'04'))
E("Friday doesn't work", c, U(D+'04'))
E('Friday no good', c, U(D+'04'))
E("Friday's no good", c, U(D+'04'))
E("Thursday's fine after 3", c, A(D+'03', '15:00', '21:00'))
E('Mon-Fri 9-5', c, *[A(D+f'{d:02}', '09:00', '17:00') for d in (2, 3, 4, 7, 8)])
E('Mon through Wed after 6', c, A(D+'01', '18:00', '21:00'), A(D+'02', '18:00', '21:00'), A(D+'07', '18:00', '21:00'))
E('out Dec 14-18', c, *[U(D+f'{d:02}') for d in range(14, 19)])
E('away the 21st-23rd', c, *[U(D+f'{d:02}') for d in range(21, 24)])
E('tue aftr 6', c, A(D+'01', '18:00', '21:00'))
E('thurs b4 noon', c, A(D+'03', '09:00', '12:00'))
E('wed 2-5pm!', c, A(D+'02', '14:00', '17:00'))
E('Tuesday after 6pm; Thursday 2-5; not Friday.', c, A(D+'01', '18:00', '21:00'), A(D+'03', '14:00', '17:00'), U(D+'04'))
E('Tues after 6 & Thurs 2-5', c, A(D+'01', '18:00', '21:00'), A(D+'03', '14:00', '17:00'))
E('Mon 2-5 + Wed 2-5', c, A(D+'02', '14:00', '17:00'), A(D+'07', '14:00', '17:00'))
E('free mon, tues, wed after 5', c, A(D+'01', '17:00', '21:00'), A(D+'02', '17:00', '21:00'), A(D+'07', '17:00', '21:00'))
E("Sorry, can't do this week at all", c, *[U(D+f'{d:02}') for d in range(1, 7)], nu=['Sorry'])
E('Thursday 2-5pm would be great thanks', c, A(D+'03', '14:00', '17:00'))
E('yes! Wed after 6 works', c, A(D+'02', '18:00', '21:00'), nu=['yes'])
E('Mon after six', c, A(D+'07', '18:00', '21:00'))
E('Thu from noon to 3', c, A(D+'03', '12:00', '15:00'))
E('Thu 3ish', c, nu=['Thu 3ish'])
E('after 6 on tuesday', c, A(D+'01', '18:00', '21:00'))
E('after 6', c, nu=['after 6'])
E('free after 6 most days', c, nu=['free after 6 most days'])
E('Wed 12/2 after 6', c, A(D+'02', '18:00', '21:00'), miss='an ambiguous numeric date is not checked against the weekday beside it')
E('Thursday the 3rd 2-5', c, A(D+'03', '14:00', '17:00'))
E('the 8th and 9th after 6', c, A(D+'08', '18:00', '21:00'), A(D+'09', '18:00', '21:00'))
E('Mon evening, Tue evening, Wed evening', c, A(D+'01', '17:00', '21:00'), A(D+'02', '17:00', '21:00'), A(D+'07', '17:00', '21:00'))
E('not mornings', c, U(D+'02', '09:00', '12:00', 'FREQ=DAILY'))
E('busy Mon Tue Wed', c, U(D+'02'), U(D+'07'), U(D+'08'))
E("I'm off Friday", c, U(D+'04'))
E('OOO friday', c, U(D+'04'))
E('on vacation next week', c, *[U(D+f'{d:02}') for d in range(7, 14)])
E('Dec 8 or 9 after 6', c, A(D+'08', '18:00', '21:00'), A(D+'09', '18:00', '21:00'), miss='a bare number after "or" is not read as a second day of the month')
E('mornings before 11', c, A(D+'02', '09:00', '11:00', 'FREQ=DAILY'))
E('fredag efter 6', c, nu=['fredag efter 6'])
# --- Chicago, Friday 30 Oct 2026 12:00 CDT; clocks go back at 02:00 on Sunday 1 Nov. Next week 2-8 Nov.
c = 'chi-dst'
N = '2026-11-'
E('Sat 2-5pm', c, A('2026-10-31', '14:00', '17:00'))
E('Sunday all day', c, A(N+'01'))
E('Mon after 6', c, A(N+'02', '18:00', '21:00'))
E('Tue 10-1', c, A(N+'03', '10:00', '13:00'))
E('every Monday 9-11', c, A(N+'02', '09:00', '11:00', wk('MO')))
E('weekdays after 5', c, A('2026-10-30', '17:00', '21:00', WD))
E('not Sunday', c, U(N+'01'))
E('next week Wed evening', c, A(N+'04', '17:00', '21:00'))
E('this weekend', c, A('2026-10-31'), A(N+'01'))
E('Friday', c, A(N+'06'))
E('fri after 3', c, A('2026-10-30', '15:00', '21:00'))
E('tonight and tmrw morning', c, A('2026-10-30', '17:00', '21:00'), A('2026-10-31', '09:00', '12:00'))
E('the week after Tue', c, A(N+'10'))
E('Nov 3 after 6pm', c, A(N+'03', '18:00', '21:00'))
E('the 5th 2-4', c, A(N+'05', '14:00', '16:00'))
E('11/2 morning', c, nu=['11/2 morning'])
E('busy Halloween', c, nu=['busy Halloween'])
E('Sundays after 4', c, A(N+'01', '16:00', '21:00', wk('SU')))
E('evenings next week', c, *[A(N+f'{d:02}', '17:00', '21:00') for d in range(2, 9)])
E('every other Wednesday 1-3', c, A(N+'04', '13:00', '15:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE'))
E('Sat morning, Sun afternoon, not Mon', c, A('2026-10-31', '09:00', '12:00'), A(N+'01', '12:00', '17:00'), U(N+'02'))
E('sunday after 7pm', c, A(N+'01', '19:00', '21:00'))

# --- Chicago, Sunday 6 Dec 2026 22:00: everything named is next week (7-13 Dec).
c = 'chi-sun'
E('Mon after 6', c, A(D+'07', '18:00', '21:00'))
E('next week Mon', c, A(D+'07'))
E('Sunday', c, A(D+'13'))
E('weekdays after 5', c, A(D+'07', '17:00', '21:00', WD))
E('tmrw 9-11', c, A(D+'07', '09:00', '11:00'))
E('Tue, Wed after 4', c, A(D+'08', '16:00', '21:00'), A(D+'09', '16:00', '21:00'))

# --- Los Angeles, Thursday 11 Mar 2027 09:00 PST; clocks go forward at 02:00 on Sunday 14 Mar.
c = 'la-dst'
M = '2027-03-'
E('Sat 10-2', c, A(M+'13', '10:00', '14:00'))
E('Sun after 6', c, A(M+'14', '18:00', '21:00'))
E('Monday 9-12', c, A(M+'15', '09:00', '12:00'))
E('sunday', c, A(M+'14'))
E('next week tuesday and thursday after 4', c, A(M+'16', '16:00', '21:00'), A(M+'18', '16:00', '21:00'))
E('every weekday 8-10', c, A(M+'12', '08:00', '10:00', WD))
E('Thursdays 10-1', c, A(M+'11', '10:00', '13:00', wk('TH')))
E('not this weekend', c, U(M+'13'), U(M+'14'))
E("I'm in NYC next week", c)
E('in Tokyo until the 20th, Fri after 5', c, A(M+'12', '17:00', '21:00'))
E('Mar 16 2-5', c, A(M+'16', '14:00', '17:00'))
E('3/15 evening', c, A(M+'15', '17:00', '21:00'))
E('tomorrow 2-4pm', c, A(M+'12', '14:00', '16:00'))
E('today after 3', c, A(M+'11', '15:00', '21:00'))
E('every sunday morning', c, A(M+'14', '09:00', '12:00', wk('SU')))
E('free the 13th and 14th', c, A(M+'13'), A(M+'14'))
E('Wed 3/17 after 6', c, A(M+'17', '18:00', '21:00'))

# --- London, Wednesday 24 Mar 2027 12:00 GMT; BST from 01:00 on Sunday 28 Mar. Next week 29 Mar - 4 Apr.
c = 'ldn-dst'
E('Thu 2-5pm', c, A(M+'25', '14:00', '17:00'))
E('Sunday afternoon', c, A(M+'28', '12:00', '17:00'))
E('Mon 10am-1pm', c, A(M+'29', '10:00', '13:00'))
E('not Friday', c, U(M+'26'))
E('weekends', c, A(M+'27', rrule=wk('SA,SU')))
E('Sat all day', c, A(M+'27'))
E('Sun all day', c, A(M+'28'))
E('next week Wed after 6', c, A(M+'31', '18:00', '21:00'))
E('every Wednesday evening', c, A(M+'24', '17:00', '21:00', wk('WE')))
E('the 1st 10-12', c, A('2027-04-01', '10:00', '12:00'))
E('1 April after 2', c, A('2027-04-01', '14:00', '21:00'))
E("I'm in Berlin next week", c)
E('tues 9-11, weds 2-4, thurs after 6', c, A(M+'24', '14:00', '16:00'), A(M+'25', '18:00', '21:00'), A(M+'30', '09:00', '11:00'))
E("can't do the 30th", c, U(M+'30'))
E('arvo on thursday', c, A(M+'25', '12:00', '17:00'))
E('this afternoon', c, A(M+'24', '12:00', '17:00'))
E('Sunday 12:30-2:30', c, A(M+'28', '12:30', '14:30'))
E('Saturday night', c, A(M+'27', '17:00', '21:00'))
E('off Sat and Sun', c, U(M+'27'), U(M+'28'))
E('Thursday 10 till 1', c, A(M+'25', '10:00', '13:00'))

# --- London, Friday 23 Oct 2026 10:00 BST; GMT from 02:00 on Sunday 25 Oct.
c = 'ldn-oct'
O = '2026-10-'
E('Sat 2-5', c, A(O+'24', '14:00', '17:00'))
E('Sunday', c, A(O+'25'))
E('Mon after 6', c, A(O+'26', '18:00', '21:00'))
E('next week Tue morning', c, A(O+'27', '09:00', '12:00'))
E('every Sunday 10-12', c, A(O+'25', '10:00', '12:00', wk('SU')))
E('not this weekend', c, U(O+'24'), U(O+'25'))
E('Fri after 6', c, A(O+'23', '18:00', '21:00'))

# --- Stockholm, Thursday 3 Dec 2026 15:00 CET.
c = 'sto'
E('Friday after 6', c, A(D+'04', '18:00', '21:00'))
E('Mon 9-12 and Wed 13-16', c, A(D+'07', '09:00', '12:00'), A(D+'09', '13:00', '16:00'))
E('Thu 14:00-17:00', c, A(D+'10', '14:00', '17:00'))
E('Thursday 16-18', c, A(D+'03', '16:00', '18:00'))
E('tomorrow 10-12', c, A(D+'04', '10:00', '12:00'))
E('weekday evenings', c, A(D+'03', '17:00', '21:00', WD))
E('not the 24th', c, U(D+'24'))
E('in Paris next week', c)
E('Monday 08:30-10', c, A(D+'07', '08:30', '10:00'))
E('tisdag', c, nu=['tisdag'])
E('after 18 on Friday', c, A(D+'04', '18:00', '21:00'))
E('the 10th and the 11th before noon', c, A(D+'10', '09:00', '12:00'), A(D+'11', '09:00', '12:00'))

# --- Sydney, Thursday 1 Apr 2027 09:00 AEDT; AEST from 03:00 on Sunday 4 Apr.
c = 'syd-dst'
P = '2027-04-'
E('Fri arvo', c, A(P+'02', '12:00', '17:00'))
E('Sunday 10-12', c, A(P+'04', '10:00', '12:00'))
E('sun all day', c, A(P+'04'))
E('Mon after 6', c, A(P+'05', '18:00', '21:00'))
E('every Saturday morning', c, A(P+'03', '09:00', '12:00', wk('SA')))
E('no Tuesday', c, U(P+'06'))
E('next week Wed 2-5pm', c, A(P+'07', '14:00', '17:00'))
E('tonight', c, A(P+'01', '17:00', '21:00'))
E('Easter Monday', c, nu=['Easter Monday'])
E('in Melbourne until the 10th', c)
E('this weekend is out', c, U(P+'03'), U(P+'04'))
E('Sat 9am-1pm, Sun 2-6', c, A(P+'03', '09:00', '13:00'), A(P+'04', '14:00', '18:00'))

# --- Tokyo, Saturday 5 Dec 2026 20:00 JST.
c = 'tyo'
E('tomorrow afternoon', c, A(D+'06', '12:00', '17:00'))
E('Sun evening', c, A(D+'06', '17:00', '21:00'))
E('Sat evening', c, A(D+'12', '17:00', '21:00'))
E('Sat after 9pm', c, A(D+'05', '21:00', '24:00'))
E('Mon 10-2', c, A(D+'07', '10:00', '14:00'))
E('next week weekdays 9-5', c, *[A(D+f'{d:02}', '09:00', '17:00') for d in range(7, 12)])
E('weekend', c, A(D+'05'), A(D+'06'))
E('evenings', c, A(D+'06', '17:00', '21:00', 'FREQ=DAILY'))
E('Tue or Wed after 7', c, A(D+'08', '19:00', '21:00'), A(D+'09', '19:00', '21:00'))
E('busy all next week', c, *[U(D+f'{d:02}') for d in range(7, 14)])
E('the 9th 13:00-15:00', c, A(D+'09', '13:00', '15:00'))
E('Monday, not Tuesday', c, A(D+'07'), U(D+'08'))
# --- Harder, written before running the reader on them (Chicago, Tue 1 Dec 2026 10:00 unless said).
c = 'chi'
E('Can do Thursday afternoon or Friday morning', c, A(D+'03', '12:00', '17:00'), A(D+'04', '09:00', '12:00'))
E('Thursday after lunch', c, nu=['Thursday after lunch'])
E('Wednesday from 3pm onwards', c, A(D+'02', '15:00', '21:00'))
E('free Mon 10am - 12pm', c, A(D+'07', '10:00', '12:00'))
E('Tue 6pm-9pm works best', c, A(D+'01', '18:00', '21:00'))
E('not free on the 10th or 11th', c, U(D+'10'), U(D+'11'))
E('Thurs from 2', c, A(D+'03', '14:00', '21:00'))
E('Any weekday evening next week', c, *[A(D+f'{d:02}', '17:00', '21:00') for d in range(7, 12)])
E('Monday or Tuesday next week, any time', c, A(D+'07'), A(D+'08'), miss='a clause that is only "any time" is not tied to the days before it')
E("I'm good Wednesday between 1 and 4", c, A(D+'02', '13:00', '16:00'))
E('wed is no good but thurs after 3 is perfect', c, U(D+'02'), A(D+'03', '15:00', '21:00'))
E('Friday 4:30-6', c, A(D+'04', '16:30', '18:00'))
E('After 7 on weeknights', c, A(D+'01', '19:00', '21:00', WD))
E("I'm out the whole week of the 14th", c, *[U(D+f'{d:02}') for d in range(14, 21)])
E('Early next week', c, nu=['Early next week'])
E('Mon 10-12 or 2-4', c, A(D+'07', '10:00', '12:00'), A(D+'07', '14:00', '16:00'))
E('Not Monday, Tuesday after 6 is fine', c, A(D+'01', '18:00', '21:00'), U(D+'07'))
E('Can we do Thursday at 3?', c, A(D+'03', '15:00', '16:00'))
E('thurs 3pm onwards', c, A(D+'03', '15:00', '21:00'))
E('Sat/Sun mornings', c, A(D+'05', '09:00', '12:00', wk('SA,SU')))
E('wed eve', c, A(D+'02', '17:00', '21:00'))
E('the 4th, 5th and 6th', c, A(D+'04'), A(D+'05'), A(D+'06'))
E("I'm in Chicago all week, free Thu after 4", c, A(D+'03', '16:00', '21:00'))
E('NOT thursday!!', c, U(D+'03'))
E('thursday between 10am and noon', c, A(D+'03', '10:00', '12:00'))
E('tuesday 10 - 12:30', c, A(D+'08', '10:00', '12:30'))
E('Thursday 2 til 5', c, A(D+'03', '14:00', '17:00'))
E('fri 1-2:30pm', c, A(D+'04', '13:00', '14:30'))
E('Mon-Wed 10-12', 'ldn-dst', A(M+'29', '10:00', '12:00'), A(M+'30', '10:00', '12:00'), A(M+'31', '10:00', '12:00'))
E('free every afternoon except Fridays', c, A(D+'01', '12:00', '17:00', wk('MO,TU,WE,TH,SA,SU')), miss='"except" gives a separate unavailable rule instead of taking the day out of the first')
E('Thursday 5.30 to 7.30', c, A(D+'03', '17:30', '19:30'))

print(json.dumps(ENTRIES, indent=1, ensure_ascii=False))
