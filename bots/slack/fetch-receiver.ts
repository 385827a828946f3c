import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { declaresTooMuch, readBodyCapped } from '../runtime/body-limit.ts';
import type { Logger } from '../runtime/logger.ts';
import { hasSlackShape } from './payload-shape.ts';
import { verifySlackSignature } from './signature.ts';

/** Slack's own payloads are small; anything bigger is not Slack. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface FetchReceiverOptions {
  signingSecret: string;
  logger: Logger;
  nowMs?: () => number;
}

/**
 * A Bolt Receiver for web-standard Requests, so Bolt runs inside the one Hono app instead of its
 * own Node server. It verifies the signature, parses the body the way Slack sends it, hands the
 * event to `app.processEvent` and answers the HTTP request with whatever the listener acked, as
 * soon as it acks; the listener may go on working (answering through `response_url` or the Web API).
 * https://docs.slack.dev/tools/bolt-js/concepts/receiver
 */
export class FetchReceiver implements Receiver {
  #app: App | undefined;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #options: Required<FetchReceiverOptions>;

  constructor(options: FetchReceiverOptions) {
    this.#options = { nowMs: () => Date.now(), ...options };
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  /** Waits for listeners still working after their ack (graceful shutdown, tests). */
  async stop(): Promise<void> {
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async handle(request: Request, customProperties: Record<string, unknown> = {}): Promise<Response> {
    const { logger } = this.#options;
    // Counted as it streams in, before the signature check reads it (the HTTP app caps it too).
    const bytes = declaresTooMuch(request.headers, MAX_BODY_BYTES)
      ? undefined
      : await readBodyCapped(request.body, MAX_BODY_BYTES);
    if (!bytes) return new Response('payload too large', { status: 413, headers: { connection: 'close' } });
    const rawBody = new TextDecoder().decode(bytes);
    const check = verifySlackSignature({
      signingSecret: this.#options.signingSecret,
      rawBody,
      timestamp: request.headers.get('x-slack-request-timestamp') ?? undefined,
      signature: request.headers.get('x-slack-signature') ?? undefined,
      nowMs: this.#options.nowMs(),
    });
    if (!check.isValid) {
      // Never log the body: it may hold user content or tokens.
      logger.warn({ reason: check.reason, bytes: bytes.byteLength }, 'slack request refused: bad signature');
      return new Response('invalid signature', { status: 401 });
    }
    const body = parseSlackBody(rawBody, request.headers.get('content-type') ?? '');
    if (!body) return new Response('unreadable body', { status: 400 });
    if (body.ssl_check) return new Response('', { status: 200 });
    if (body.type === 'url_verification') return Response.json({ challenge: body.challenge });
    if (!hasSlackShape(body)) return new Response('not a Slack payload', { status: 400 });
    if (!this.#app) throw new Error('FetchReceiver used before the Bolt App was created');
    return this.#dispatch(this.#app, body, request, customProperties);
  }

  async #dispatch(
    app: App,
    body: Record<string, unknown>,
    request: Request,
    customProperties: Record<string, unknown>,
  ): Promise<Response> {
    let isAcked = false;
    let resolveAck!: (response: unknown) => void;
    const acked = new Promise<unknown>((resolve) => {
      resolveAck = resolve;
    });
    const retryNum = request.headers.get('x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (isAcked) throw new Error('ack() was called twice for one Slack request');
        isAcked = true;
        resolveAck(response ?? '');
      },
      ...(retryNum ? { retryNum: Number(retryNum) } : {}),
      ...(request.headers.get('x-slack-retry-reason')
        ? { retryReason: request.headers.get('x-slack-retry-reason')! }
        : {}),
      customProperties,
    };
    const processing = app.processEvent(event).then(
      () => ({ kind: 'done' as const }),
      (error: unknown) => ({ kind: 'failed' as const, error }),
    );
    this.#inFlight.add(processing);
    void processing.then((outcome) => {
      this.#inFlight.delete(processing);
      if (outcome.kind === 'failed')
        this.#options.logger.error({ err: outcome.error }, 'slack listener failed');
    });
    const first = await Promise.race([
      acked.then((response) => ({ kind: 'acked' as const, response })),
      processing,
    ]);
    if (first.kind === 'acked') return ackResponse(first.response);
    if (first.kind === 'failed') return new Response('internal error', { status: 500 });
    return new Response('no listener for this request', { status: 404 });
  }
}

function ackResponse(response: unknown): Response {
  if (typeof response === 'string') return new Response(response, { status: 200 });
  return Response.json(response);
}

/** Interactivity arrives as `payload=<json>` form data, slash commands as plain form fields, events as JSON. */
export function parseSlackBody(rawBody: string, contentType: string): Record<string, unknown> | undefined {
  try {
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(rawBody);
      const payload = form.get('payload');
      if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
      return Object.fromEntries(form);
    }
    const parsed: unknown = JSON.parse(rawBody);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
