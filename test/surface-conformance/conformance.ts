import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

/**
 * The surface conformance suite: what every chat surface (Slack, the console today; Teams, Discord
 * and the web page next) must do the same way, driven through the surface's own wire format.
 * A surface's test builds a driver over a seeded tenant and calls `surfaceConformance(driver)`.
 */

export type Person = 'publisher' | 'a' | 'b' | 'stranger';

/** What a person saw: the answer's text (as the surface renders it) and its buttons. */
export interface SurfaceAnswer {
  text: string;
  buttons: { label: string; value: string }[];
}

export interface SurfaceDriver {
  surface: string;
  /** The creator handles of `a` and `b` (typed as `@handle` in command lines; the driver maps mentions). */
  handles: { a: string; b: string };
  /** Time zones of the people, as the tenant knows them. */
  zones: { publisher: string; a: string; b: string };
  /** How the publisher's role is labelled (`Admin` or `Staff`). */
  publisherRole: string;
  /** Someone the tenant has not seen: `creates` maps them to a new user with the default role; `refuses` says so clearly. */
  firstContact: 'creates' | 'refuses';
  /** A command line as this person types it on the surface. */
  send(person: Person, line: string): Promise<SurfaceAnswer>;
  /** This person presses a button (its value as the surface carries it). */
  press(person: Person, value: string): Promise<SurfaceAnswer>;
  /** What reached this person on this surface since the last call, once the outbox is delivered. */
  received(person: Person): Promise<SurfaceAnswer[]>;
  /** The same delivery twice, as a platform retries it; absent where a surface has no deliveries. */
  replay?(person: Person, line: string): Promise<void>;
  /** Why `replay` is absent. */
  replayAbsentBecause?: string;
}

/** "15:00" for an instant in a zone. */
const clock = (ms: number, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(ms);

const mention = (handle: string) => `@${handle}`;

export function surfaceConformance(driver: () => SurfaceDriver): void {
  describe('surface conformance', () => {
    it('answers a command', async () => {
      const d = driver();
      const roster = await d.send('publisher', '/roster limit:50');
      expect(roster.text).toContain(mention(d.handles.a));
      expect(roster.text).toContain(mention(d.handles.b));
      const unknown = await d.send('a', '/frobnicate');
      expect(unknown.text).toContain('Unknown command /frobnicate');
    });

    it('maps each person to one tenant user, with their role, and checks roles once', async () => {
      const d = driver();
      const first = await d.send('a', '/whoami');
      expect(first.text).toContain(mention(d.handles.a));
      expect(first.text).toContain('Creator');
      expect((await d.send('a', '/whoami')).text).toBe(first.text);
      expect((await d.send('publisher', '/whoami')).text).toContain(d.publisherRole);

      const refused = await d.send('a', `/promote ${mention(d.handles.b)} staff`);
      expect(refused.text).toContain('is for: Admin');
      expect((await d.send('b', '/whoami')).text).toContain('Creator');

      const stranger = await d.send('stranger', '/whoami');
      if (d.firstContact === 'creates') {
        expect(stranger.text).toContain('Creator');
        expect((await d.send('stranger', '/whoami')).text).toBe(stranger.text);
      } else {
        expect(stranger.text).toMatch(/No .*user/);
      }
    });

    it('brings a notification to its recipient, as their own card in their time zone', async () => {
      const d = driver();
      await d.received('a');
      await d.received('b');
      await d.received('publisher');
      const proposed = await d.send(
        'publisher',
        `/session propose ${mention(d.handles.a)} ${mention(d.handles.b)} 2026-12-07 15:00 2h title:"Conformance one"`,
      );
      expect(proposed.text).toContain('Session proposed');
      const startMs = DateTime.fromISO('2026-12-07T15:00', { zone: d.zones.publisher }).toMillis();
      for (const person of ['a', 'b'] as const) {
        const cards = await d.received(person);
        expect(cards, `${person}'s messages`).toHaveLength(1);
        expect(cards[0]!.text).toContain('proposed a session with you');
        expect(cards[0]!.text).toContain('Conformance one');
        expect(cards[0]!.text).toContain(clock(startMs, d.zones[person]));
        expect(cards[0]!.buttons.map((button) => button.label)).toContain('Accept');
      }
      expect(await d.received('publisher')).toEqual([]);
    });

    it('runs a button once: a second press is answered and changes nothing', async () => {
      const d = driver();
      await d.received('a');
      await d.received('b');
      await d.send(
        'publisher',
        `/session propose ${mention(d.handles.a)} ${mention(d.handles.b)} 2026-12-08 15:00 2h title:"Conformance two"`,
      );
      const [card] = await d.received('a');
      await d.received('b');
      const accept = card!.buttons.find((button) => button.label === 'Accept')!.value;
      const pressed = await d.press('a', accept);
      expect(pressed.text).not.toMatch(/already used|no longer valid|went wrong/);
      const again = await d.press('a', accept);
      expect(again.text).toContain('already used');
      // One effect: b heard of one acceptance.
      const heard = await d.received('b');
      expect(heard.filter((message) => message.text.includes('accepted'))).toHaveLength(1);
      // Someone it was not for is told so, and nothing happens.
      const decline = card!.buttons.find((button) => button.label === 'Decline')!.value;
      expect((await d.press('b', decline)).text).toContain('meant for someone else');
      expect(await d.received('a')).toEqual([]);
      expect((await d.press('a', decline)).text).not.toContain('meant for someone else');
    });

    it('gives a replayed delivery one effect', async (context) => {
      const d = driver();
      if (!d.replay) {
        context.skip(d.replayAbsentBecause);
        return;
      }
      // A write with no natural guard against repeats: a second run would start a second campaign.
      await d.replay('publisher', '/campaign new "Conformance replay brief"');
      const listed = await d.send('publisher', '/campaign');
      expect(listed.text.split('Conformance replay brief').length - 1).toBe(1);
    });
  });
}
