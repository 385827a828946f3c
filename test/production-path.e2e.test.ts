import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_ON_IT } from '../bots/slack/slack-responses.ts';
import { buttonsIn } from '../bots/slack/testing/action-tokens.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../bots/slack/testing/fake-slack-api.ts';
import {
  appHomeOpened,
  blockActions,
  FORM,
  signedInit,
  slashCommand,
  TEST_SIGNING_SECRET,
} from '../bots/slack/testing/slack-requests.ts';
import type { Actor } from '../core/commands/command.ts';
import { formatInstant } from '../core/commands/definitions/session/session-args.ts';
import { findActorByIdentity } from '../db/repositories/people.repository.ts';
import { creatorEmbeddings, creators, sessions, users } from '../db/schema/index.ts';
import { type CliProcess, freePort, spawnCli, waitForReady } from './support/cli-processes.ts';
import { commandsAs, resultOf } from './support/commands.ts';
import { clearRedisPrefix, REDIS_URL, serviceAvailable } from './support/services.ts';
import { openTestPostgres } from './support/test-databases.ts';
import { testRuntimeParts } from './support/test-runtime.ts';

/**
 * The production path (issue 13): two `serve` processes and one `worker` on one PostgreSQL database
 * and one Redis, driven the way Slack drives them (signed requests against both servers, a local
 * stand-in for the Web API), with a local OpenAI-compatible embeddings endpoint that can hold a
 * request so a job can be caught mid-run.
 */
const isUp = (await serviceAvailable('postgres')) && (await serviceAvailable('redis'));

const GENRE = 'bossa-nova';
const A_HANDLE = 'sven-johansson';
const B_HANDLE = 'hana-costa';
const minuteMs = 60_000;

/** An embeddings endpoint (POST /embeddings, OpenAI's shape) that holds the first request naming `holdWord` once told to. */
async function startFakeEmbeddings(dimensions: number) {
  let holdWord: string | undefined;
  let held: ServerResponse | undefined;
  const seen: string[][] = [];
  const vector = (text: string) => {
    const digest = createHash('sha256').update(text).digest();
    return Array.from({ length: dimensions }, (_, i) => (digest[i % digest.length]! - 127.5) / 127.5);
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const { input } = JSON.parse(raw || '{}') as { input: string[] };
      seen.push(input);
      if (holdWord && !held && input.some((text) => text.toLowerCase().includes(holdWord!))) {
        held = response;
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          object: 'list',
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: vector(text) })),
          model: 'fake-embed',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    hold(word: string) {
      holdWord = word;
    },
    isHolding: () => held !== undefined,
    requestsNaming: (word: string) =>
      seen.filter((input) => input.some((text) => text.toLowerCase().includes(word))).length,
    close: () =>
      new Promise<void>((resolve) => {
        held?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 180_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!isUp)(
  'two servers and a worker on one PostgreSQL database and one Redis',
  { timeout: 600_000 },
  () => {
    let database: Awaited<ReturnType<typeof openTestPostgres>>;
    let fake: FakeSlackApi;
    let embeddings: Awaited<ReturnType<typeof startFakeEmbeddings>>;
    const prefix = `sa-test-${randomBytes(4).toString('hex')}`;
    const ports: number[] = [];
    const servers: CliProcess[] = [];
    let worker: CliProcess;
    let env: Record<string, string | undefined>;
    let tenantId: string;
    let reminderDueAtMs: number;
    let sessionTitle: string;

    const post = (port: number, path: string, body: string, type: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, signedInit(body, type));

    /** A slash command to one server; its answer, from the ack or the response_url. */
    async function slash(port: number, userId: string, command: string, text: string) {
      const id = randomBytes(6).toString('hex');
      const response = await post(
        port,
        '/slack/events',
        slashCommand({ command, text, userId, responseUrl: fake.responseUrl(id) }),
        FORM,
      );
      expect(response.status).toBe(200);
      const acked = await response.text();
      const ackBody = acked ? (JSON.parse(acked) as { blocks?: unknown; text?: string }) : {};
      // A busy server acks with "Working on it…" and answers through response_url: wait for that.
      const isPlaceholder = ackBody.text === WORKING_ON_IT.text && !ackBody.blocks;
      if ((ackBody.blocks || ackBody.text) && !isPlaceholder) return ackBody;
      return until(
        `the answer to ${command} ${text}`,
        () =>
          fake.responses.find((answer) => answer.path === `/respond/${id}`)?.body as
            | { blocks?: unknown; text?: string }
            | undefined,
      );
    }

    const startServer = async () => {
      const port = await freePort();
      const server = spawnCli(['serve'], {
        ...env,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      });
      servers.push(server);
      await waitForReady(port, 240_000);
      ports.push(port);
      return port;
    };
    const startWorker = () => spawnCli(['worker'], env);

    beforeAll(async () => {
      database = await openTestPostgres();
      fake = await startFakeSlackApi();
      embeddings = await startFakeEmbeddings(16);
      env = {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-production-path',
        SLACK_API_URL: fake.apiUrl,
        SLACK_TENANT: 'demo',
        EMBEDDINGS_PROVIDER: 'openai-compatible',
        EMBEDDINGS_URL: embeddings.url,
        EMBEDDINGS_MODEL: 'fake-embed',
        EMBEDDINGS_DIMENSIONS: '16',
        SESSION_SWEEP_INTERVAL_MS: '3000',
        LOG_LEVEL: 'info',
      };
      // The first server migrates and seeds the demo tenant; the second finds it there.
      await startServer();
      await startServer();
      worker = startWorker();
      await worker.waitFor(/worker started/);

      const [tenant] = await database.database.withOwner((q) =>
        q.query<{ id: string }>("select id from tenants where slug = 'demo'"),
      );
      tenantId = tenant!.id;
      // The publisher and two creators meet the bot on Slack (linked by e-mail to the roster).
      fake.addUser({ id: 'U0PUB', name: 'pat', realName: 'Pat Publisher', tz: 'Europe/London' });
      for (const [slackId, handle] of [
        ['U0SVEN', A_HANDLE],
        ['U0HANA', B_HANDLE],
      ] as const) {
        const email = `${handle}@demo.test`;
        await database.database.withTenant(tenantId, async (tx) => {
          const [creator] = await tx.select().from(creators).where(eq(creators.handle, handle));
          await tx.update(users).set({ email }).where(eq(users.id, creator!.userId!));
        });
        fake.addUser({ id: slackId, name: handle, realName: handle, email, tz: 'UTC' });
      }
      for (const slackId of ['U0PUB', 'U0SVEN', 'U0HANA'])
        await slash(ports[0]!, slackId, '/align', 'whoami');
      await database.database.withSystem((tx) =>
        tx.update(users).set({ role: 'tenant_admin' }).where(eq(users.displayName, 'Pat Publisher')),
      );

      // A session both creators accepted, whose day-before reminder falls due while the test runs.
      const nowMs = Date.now();
      reminderDueAtMs = Math.ceil((nowMs + 30_000) / minuteMs) * minuteMs;
      const parts = testRuntimeParts(database.database, nowMs);
      const admin = await database.database.withTenant(tenantId, (tx) =>
        findActorByIdentity(tx, 'console', 'admin'),
      );
      sessionTitle = `Production path ${randomBytes(3).toString('hex')}`;
      const proposed = resultOf<{ outcome: { kind: string; view: { shortId: string } } }>(
        await (await commandsAs(parts, tenantId, admin!)).run('session.propose', {
          creators: [`@${A_HANDLE}`, `@${B_HANDLE}`],
          startsAt: formatInstant(reminderDueAtMs + 24 * 60 * minuteMs),
          durationMinutes: 60,
          title: sessionTitle,
          confirm: ['outside_availability'],
        }),
      ).outcome;
      expect(proposed.kind).toBe('done');
      for (const handle of [A_HANDLE, B_HANDLE]) {
        const actor = await database.database.withTenant(tenantId, async (tx) => {
          const [row] = await tx
            .select({ userId: users.id, displayName: users.displayName, timeZone: creators.timeZone })
            .from(creators)
            .innerJoin(users, eq(users.id, creators.userId))
            .where(eq(creators.handle, handle));
          return { ...row!, role: 'creator', creatorHandle: handle } satisfies Actor;
        });
        resultOf(
          await (await commandsAs(parts, tenantId, actor)).run('session.accept', {
            session: proposed.view.shortId,
          }),
        );
      }
    });

    afterAll(async () => {
      for (const child of [...servers, worker]) child?.child.kill('SIGTERM');
      await Promise.all([...servers, worker].map((child) => child?.exited));
      await embeddings?.close();
      await fake?.close();
      await database?.drop();
      await clearRedisPrefix(prefix);
    });

    it('the same Slack event delivered to both servers has one effect', async () => {
      const eventId = `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
      const body = appHomeOpened({ userId: 'U0SVEN', eventId });
      const published = () =>
        fake.callsOf('views.publish').filter((call) => call.params.user_id === 'U0SVEN').length;
      const before = published();
      const answers = await Promise.all(
        ports.map((port) => post(port, '/slack/events', body, 'application/json')),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      await until('the Home tab', () => published() > before);
      // A second, distinct event through both servers: once it is handled, both have finished the first.
      const next = appHomeOpened({ userId: 'U0HANA', eventId: `${eventId}N` });
      await Promise.all(ports.map((port) => post(port, '/slack/events', next, 'application/json')));
      await until(
        'the second Home tab',
        () => fake.callsOf('views.publish').some((call) => call.params.user_id === 'U0HANA') || undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(published() - before).toBe(1);
    });

    it('a button pressed on both servers at once has one effect', async () => {
      const answer = await slash(
        ports[0]!,
        'U0PUB',
        '/pair',
        `windows @${A_HANDLE} @${B_HANDLE} next week 1h`,
      );
      const propose = buttonsIn(answer.blocks).find((button) => button.label.startsWith('Propose'));
      expect(propose, JSON.stringify(answer).slice(0, 500)).toBeDefined();
      const count = () =>
        database.database.withTenant(tenantId, async (tx) => {
          const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(sessions);
          return row!.n;
        });
      const before = await count();
      const press = blockActions({
        userId: 'U0PUB',
        value: propose!.value,
        responseUrl: fake.responseUrl(`press-${randomBytes(4).toString('hex')}`),
      });
      const answers = await Promise.all(ports.map((port) => post(port, '/slack/events', press, FORM)));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await until('the proposed session', async () => ((await count()) > before ? true : undefined));
      // And the same button pressed again later, on the other server, books nothing more.
      await post(ports[1]!, '/slack/events', press, FORM);
      const again = blockActions({ userId: 'U0PUB', value: propose!.value, messageTs: '1700000000.000999' });
      await post(ports[1]!, '/slack/events', again, FORM);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await count()) - before).toBe(1);
    });

    it('the worker runs a job a server enqueued exactly once, also when killed mid-job (stalled-job recovery)', async () => {
      // Warm the other server's match cache for the genre nobody has yet.
      const empty = await slash(ports[0]!, 'U0PUB', '/pair', `genre:${GENRE} limit:20`);
      expect(JSON.stringify(empty)).not.toContain(`@${A_HANDLE}`);

      embeddings.hold('bossa');
      for (const handle of [A_HANDLE, B_HANDLE]) {
        const set = await slash(ports[1]!, 'U0PUB', '/profile', `@${handle} set genres:"${GENRE}"`);
        expect(JSON.stringify(set)).not.toMatch(/✗|error/i);
      }
      await until(
        'the worker to start embedding a changed profile',
        () => embeddings.isHolding() || undefined,
      );
      worker.child.kill('SIGKILL');
      await worker.exited;
      worker = startWorker();

      const derived = () =>
        database.database.withTenant(tenantId, (tx) =>
          tx
            .select({
              handle: creators.handle,
              contentHash: creators.contentHash,
              derivedFromHash: creators.derivedFromHash,
              derived: creators.derived,
              embeddedHash: creatorEmbeddings.contentHash,
            })
            .from(creators)
            .leftJoin(creatorEmbeddings, eq(creatorEmbeddings.creatorId, creators.id))
            .where(sql`${creators.handle} in (${A_HANDLE}, ${B_HANDLE})`),
        );
      const rows = await until(
        'both profiles re-derived and re-embedded',
        async () => {
          const found = await derived();
          return found.length === 2 &&
            found.every(
              (row) =>
                row.derivedFromHash === row.contentHash &&
                row.embeddedHash === row.contentHash &&
                String(row.derived?.searchText).toLowerCase().includes('bossa'),
            )
            ? found
            : undefined;
        },
        240_000,
      );
      // One embedding per creator (the killed attempt wrote nothing), and the held request was asked again.
      expect(rows.map((row) => row.handle).toSorted()).toEqual([B_HANDLE, A_HANDLE].toSorted());
      expect(embeddings.requestsNaming('bossa')).toBeGreaterThanOrEqual(3);

      // The first server's match cache sees the change made through the second, in its next request.
      const found = await slash(ports[0]!, 'U0PUB', '/pair', `genre:${GENRE} limit:20`);
      expect(JSON.stringify(found)).toContain(`@${A_HANDLE}`);
      expect(JSON.stringify(found)).toContain(`@${B_HANDLE}`);
    });

    it('a reminder that falls due while both servers sweep is sent once to each participant', async () => {
      // Both servers sweep every 3 s: 15 s after it fell due, each has swept several times.
      const waitMs = reminderDueAtMs + 15_000 - Date.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      const reminders = fake
        .callsOf('chat.postMessage')
        .filter((call) => JSON.stringify(call.params).includes(`Reminder: ${sessionTitle} is tomorrow`));
      expect(reminders.map((call) => String(call.params.channel)).toSorted()).toEqual(
        ['U0HANA', 'U0SVEN'].toSorted(),
      );
    });
  },
);
