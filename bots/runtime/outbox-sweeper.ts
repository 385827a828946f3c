import type { CommandCatalog } from '../../core/commands/command.ts';
import { deliverEvent, type EventDeliveryPorts } from '../../core/events/event-delivery.ts';
import type { OutboxQueue } from '../../core/events/outbox.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { DeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import { databaseOutboxQueue } from '../../db/stores/outbox.store.ts';
import { loggableError } from './log-redaction.ts';
import type { Runtime } from './runtime.ts';
import { inviteIdentityFor } from './session-delivery.ts';

export const OUTBOX_POLL_MS = 15_000;
const BATCH = 50;
/** A claim older than this whose deliverer died is taken over. */
export const OUTBOX_CLAIM_TIMEOUT_MS = 5 * 60_000;
const MAX_ATTEMPTS = 8;

export interface OutboxSweeperOptions {
  notifier: Notifier;
  registry: CommandCatalog;
  deliveries: DeliveryLedger;
  queue?: OutboxQueue;
  pollMs?: number;
  claimTimeoutMs?: number;
}

/**
 * Delivers the outbox: after every commit that wrote events (the runtime's signal) and every
 * `pollMs` (events a crashed process left behind), never two passes at once in this process; across
 * processes a claim keeps two deliverers off one event. An event is marked delivered after its
 * messages went out; one that failed stays for the next pass (at most 8 attempts).
 */
export function startOutboxSweeper(
  runtime: Pick<Runtime, 'database' | 'logger' | 'clock' | 'work' | 'outboxSignal' | 'queue'> &
    Partial<Pick<Runtime, 'mailer' | 'config'>>,
  options: OutboxSweeperOptions,
): { stop(): Promise<void>; drain(): Promise<number> } {
  const queue = options.queue ?? databaseOutboxQueue(runtime.database);
  const ports: EventDeliveryPorts = {
    work: runtime.work,
    notifier: options.notifier,
    registry: options.registry,
    clock: runtime.clock,
    queue: runtime.queue,
    invites: inviteIdentityFor(runtime.config),
    ...(runtime.mailer ? { mailer: runtime.mailer } : {}),
    deliveries: options.deliveries,
  };
  let running: Promise<number> | undefined;
  let isRerunWanted = false;
  let isStopped = false;

  async function pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const nowMs = runtime.clock.nowMs();
      const batch = await queue.claim({
        limit: BATCH,
        nowMs,
        claimTimeoutMs: options.claimTimeoutMs ?? OUTBOX_CLAIM_TIMEOUT_MS,
        maxAttempts: MAX_ATTEMPTS,
      });
      for (const entry of batch) {
        try {
          await deliverEvent(ports, entry);
          await queue.delivered(entry.id, runtime.clock.nowMs());
          delivered += 1;
        } catch (error) {
          const { type, message } = loggableError(error instanceof Error ? error : new Error(String(error)));
          runtime.logger.warn(
            { eventId: entry.id, tenantId: entry.tenantId, err: error },
            'outbox delivery failed',
          );
          await queue.failed(entry.id, `${type}: ${message}`);
        }
      }
      if (batch.length < BATCH || isStopped) return delivered;
    }
  }

  /** One pass now (or the one already running), then another if nudged meanwhile. */
  function drain(): Promise<number> {
    if (running) {
      isRerunWanted = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        runtime.logger.warn({ err: error }, 'outbox pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (isRerunWanted && !isStopped) {
          isRerunWanted = false;
          void drain();
        }
      });
    return running;
  }

  const unlisten = runtime.outboxSignal.listen(() => {
    if (!isStopped) void drain();
  });
  const timer = setInterval(() => void drain(), options.pollMs ?? OUTBOX_POLL_MS);
  timer.unref();
  void drain();
  return {
    drain,
    async stop() {
      isStopped = true;
      unlisten();
      clearInterval(timer);
      await running;
    },
  };
}
