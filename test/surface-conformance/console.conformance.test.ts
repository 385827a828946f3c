import { afterAll, beforeAll } from 'vitest';
import { type ConsoleAnswer, openConsoleSession } from '../../bots/console/console-session.ts';
import { renderText } from '../../bots/console/render-text.ts';
import { createLogger } from '../../bots/runtime/logger.ts';
import { startOutboxSweeper } from '../../bots/runtime/outbox-sweeper.ts';
import { surfaceKitFor } from '../../bots/runtime/surface-kit.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { Action, Reply } from '../../core/commands/reply.ts';
import { userFacingMessage } from '../../core/shared/app-error.ts';
import { notifierRouter } from '../../core/surface/notifier-router.ts';
import type { Database } from '../../db/database.ts';
import { type SessionFixture, sessionFixture } from '../support/session-fixture.ts';
import { openTestPglite } from '../support/test-databases.ts';
import { testRuntimeParts } from '../support/test-runtime.ts';
import { type Person, type SurfaceAnswer, type SurfaceDriver, surfaceConformance } from './conformance.ts';

let database: Database;
let driver: SurfaceDriver;
let stop: () => Promise<void>;

const buttonsOf = (reply: Reply) =>
  reply.blocks
    .flatMap((block): Action[] =>
      block.kind === 'actions'
        ? block.actions
        : block.kind === 'list'
          ? block.items.flatMap((item) => item.actions ?? [])
          : [],
    )
    .filter((action) => action.token)
    .map((action) => ({ label: action.label, value: action.token! }));

const asAnswer = (answer: ConsoleAnswer): SurfaceAnswer => ({
  text: answer.text,
  buttons: buttonsOf(answer.reply),
});

beforeAll(async () => {
  database = await openTestPglite();
  const f: SessionFixture = await sessionFixture(database, 'console-conformance');
  const parts = testRuntimeParts(database, Date.parse('2026-11-23T12:00:00Z'));
  const runtime = { ...parts, logger: createLogger('silent') };
  const kit = surfaceKitFor(runtime);
  const registry = createCommandRegistry();
  // As in the server: the outbox goes to whoever the console reaches.
  const sweeper = startOutboxSweeper(runtime, {
    notifier: notifierRouter([kit.consoleInbox]),
    registry,
    deliveries: kit.deliveries,
    pollMs: 3_600_000,
  });
  stop = sweeper.stop;
  const as: Record<Person, string> = {
    publisher: 'admin',
    a: f.ana.creatorHandle!,
    b: f.ben.creatorHandle!,
    stranger: 'nobody-here',
  };
  const sessionOf = (person: Person) =>
    openConsoleSession(runtime, { tenantSlug: 'console-conformance', as: as[person], registry });
  /** The console's own answer to a failure before a command runs (what `chat` prints). */
  const guarded = async (work: () => Promise<SurfaceAnswer>): Promise<SurfaceAnswer> => {
    try {
      return await work();
    } catch (error) {
      return { text: `${userFacingMessage(error)}\n`, buttons: [] };
    }
  };
  driver = {
    surface: 'console',
    handles: { a: as.a, b: as.b },
    zones: { publisher: f.admin.timeZone, a: f.ana.timeZone, b: f.ben.timeZone },
    publisherRole: 'Admin',
    firstContact: 'refuses',
    send: (person, line) => guarded(async () => asAnswer(await (await sessionOf(person)).answer(line))),
    press: (person, token) => guarded(async () => asAnswer(await (await sessionOf(person)).press(token))),
    async received(person) {
      await sweeper.drain();
      // A console user sees what reached them after their next line.
      const answer = await (await sessionOf(person)).answer('/whoami');
      return answer.messages.map((message) => ({ text: renderText(message), buttons: buttonsOf(message) }));
    },
    replayAbsentBecause:
      'the console has no platform deliveries to replay: each line is one call, answered once',
  };
}, 60_000);
afterAll(async () => {
  await stop();
  await database.close();
});

surfaceConformance(() => driver);
