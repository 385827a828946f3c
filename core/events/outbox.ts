import type { DomainEvent } from './domain-event.ts';

/** Events written in the command's transaction, delivered after it commits. */
export interface Outbox {
  append(events: readonly DomainEvent[]): Promise<void>;
}

/** An outbox row claimed for delivery. */
export interface OutboxEntry {
  id: string;
  tenantId: string;
  event: DomainEvent;
  attempts: number;
}

/**
 * The outbox across tenants, for the sweeper: claims undelivered events (a claim whose deliverer
 * died is taken over after `claimTimeoutMs`), and marks each delivered or failed.
 */
export interface OutboxQueue {
  claim(input: {
    limit: number;
    nowMs: number;
    claimTimeoutMs: number;
    maxAttempts: number;
  }): Promise<OutboxEntry[]>;
  delivered(id: string, nowMs: number): Promise<void>;
  failed(id: string, error: string): Promise<void>;
}
