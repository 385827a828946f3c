import {
  blockActions,
  signedInit,
  slashCommand,
  viewSubmission,
} from '../../bots/slack/testing/slack-requests.ts';

/**
 * A slash command, a press of a button whose value (an action token) an earlier answer carried, or a
 * form (modal) submitted with these values.
 */
export type LoadRequest =
  | { command: string; text: string; userId: string }
  | { press: string; userId: string }
  | { submit: { callbackId: string; values: Record<string, Record<string, unknown>> }; userId: string };

/** What one run measured. Latencies in milliseconds, sorted. */
export interface LoadResult {
  sent: number;
  elapsedMs: number;
  ackMs: number[];
  answerMs: number[];
  /** Acked with the answer itself (within the ack budget). */
  answeredInAck: number;
  /** Refused with 503 (Retry-After) before the body was read. */
  refused: number;
  /** Told "busy, try again" (waited too long in the queue). */
  busy: number;
  /** HTTP failures, non-200 acks, error answers, answers that never came. */
  errors: number;
  /** What the first few errors were, to print beside the figures. */
  errorSamples: string[];
}

export interface Responses {
  /** The response_url handed out with request `id`. */
  urlFor(id: string): string;
  /** Resolves with the response_url post for this id, or undefined after `timeoutMs`. */
  wait(id: string, timeoutMs: number): Promise<Record<string, unknown> | undefined>;
  /**
   * Resolves with the next direct message to this Slack user (a form's answer after an empty ack),
   * or undefined after `timeoutMs`. First come, first served per user.
   */
  waitDirect(userId: string, timeoutMs: number): Promise<Record<string, unknown> | undefined>;
}

const WORKING = 'Working on it…';
const BUSY = 'Session Align is busy';

/**
 * Sends signed slash commands or button presses from `concurrency` clients, each waiting for its
 * answer before the next, until `requests` were sent or `seconds` passed, timing each ack (request
 * to full response) and each answer (request to the ack carrying it, or to its `response_url` post).
 */
export async function runSlackLoad(input: {
  /** The servers, taken in turn (request i goes to urls[i % urls.length]). */
  urls: readonly string[];
  signingSecret: string;
  responses: Responses;
  requests: number;
  concurrency: number;
  seconds: number;
  /** The slash command and text (or the button pressed) of request i, and who sends it. */
  request: (i: number) => LoadRequest;
  /** Unique per run, so response_url ids never collide between runs. */
  runId: string;
  /** Hears every answer (from the ack or response_url), with the request's number. */
  onAnswer?: (answer: Record<string, unknown>, i: number) => void;
}): Promise<LoadResult> {
  const result: LoadResult = {
    sent: 0,
    elapsedMs: 0,
    ackMs: [],
    answerMs: [],
    answeredInAck: 0,
    refused: 0,
    busy: 0,
    errors: 0,
    errorSamples: [],
  };
  const failed = (what: string) => {
    result.errors++;
    if (result.errorSamples.length < 3) result.errorSamples.push(what.slice(0, 160));
  };
  const startedAt = performance.now();
  const deadline = startedAt + input.seconds * 1000;
  let next = 0;

  const one = async (i: number) => {
    const id = `${input.runId.replace(/[^A-Za-z0-9_-]+/g, '-')}-${i}`;
    const request = input.request(i);
    const responseUrl = input.responses.urlFor(id);
    // Each press comes from a message of its own: the server drops a second press of one button on one
    // message as a double-click.
    const body =
      'press' in request
        ? blockActions({
            userId: request.userId,
            value: request.press,
            responseUrl,
            messageTs: `1700000000.${String(i).padStart(6, '0')}`,
          })
        : 'submit' in request
          ? viewSubmission({ userId: request.userId, ...request.submit, viewId: `V_${id}` })
          : slashCommand({ ...request, responseUrl });
    const sentAt = performance.now();
    let status: number;
    let ack: Record<string, unknown> | undefined;
    try {
      const response = await fetch(`${input.urls[i % input.urls.length]}/slack/events`, {
        ...signedInit(body, 'application/x-www-form-urlencoded', { secret: input.signingSecret }),
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      const raw = await response.text();
      // An empty ack (the server before issue 16, when slow) means the answer follows by response_url.
      ack = raw.startsWith('{')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : { text: raw === '' ? WORKING : raw };
    } catch (error) {
      failed(`request failed: ${(error as Error).message}`);
      return;
    }
    const ackMs = performance.now() - sentAt;
    result.ackMs.push(ackMs);
    if (status === 503) {
      result.refused++;
      return;
    }
    if (status !== 200 || !ack) {
      failed(`HTTP ${status}`);
      return;
    }
    if ('submit' in request) {
      // A form's ack carries its answer (`response_action: update`) or field errors, or is empty
      // and the answer follows as a direct message.
      if (ack.response_action === 'errors') failed(`form errors: ${JSON.stringify(ack.errors)}`);
      else if (ack.response_action === 'update') {
        result.answeredInAck++;
        classify({ blocks: (ack.view as { blocks?: unknown })?.blocks }, ackMs, i);
      } else {
        const answer = await input.responses.waitDirect(request.userId, 60_000);
        if (!answer) failed('no direct message with the answer within 60 s');
        else classify(answer, performance.now() - sentAt, i);
      }
      return;
    }
    if (ack.text !== WORKING) {
      result.answeredInAck++;
      classify(ack, ackMs, i);
      return;
    }
    // The answer comes by response_url. Like a person, the client waits for it before asking again,
    // so `concurrency` is the number of requests outstanding, not a flood paced by quick acks.
    const answer = await input.responses.wait(id, 60_000);
    if (!answer) failed('no answer by response_url within 60 s');
    else classify(answer, performance.now() - sentAt, i);
  };

  const classify = (answer: Record<string, unknown>, ms: number, i: number) => {
    input.onAnswer?.(answer, i);
    const text = String(answer.text ?? '');
    if (text.startsWith(BUSY)) result.busy++;
    else if (JSON.stringify(answer.blocks ?? []).includes(':x:')) failed(`error answer: ${text}`);
    else result.answerMs.push(ms);
  };

  const client = async () => {
    while (next < input.requests && performance.now() < deadline) {
      const i = next++;
      result.sent++;
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, client));
  result.elapsedMs = performance.now() - startedAt;
  result.ackMs.sort((a, b) => a - b);
  result.answerMs.sort((a, b) => a - b);
  return result;
}

/** The p-th percentile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
