import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** The activity replied to or updated (`.../activities/{activityId}`). */
  activityId?: string;
  authorization?: string;
  body: Record<string, unknown>;
  /** The id the connector gave the bot's message (what a press's `replyToId` names). */
  id?: string;
}

export interface FakeMember {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

/**
 * A local HTTP server standing in for the Bot Connector `serviceUrl`: it accepts what the Agents
 * SDK sends (POST /v3/conversations/{id}/activities, POST and PUT .../activities/{activityId},
 * GET .../members/{userId}), records it, and can be told to answer the next sends with errors.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 */
export async function startFakeConnector() {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, FakeMember>();
  /** Answers for the next activity sends (POST), in order: a status, an error code, a Retry-After. */
  const failures: { status: number; code?: string; retryAfterS?: number }[] = [];
  let next = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = decodeURI(new URL(request.url ?? '/', 'http://x').pathname);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
      if (member && request.method === 'GET') {
        const found = members.get(member[2]!);
        return found ? json(200, found) : json(404, { error: { code: 'MemberNotFoundInConversation' } });
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (!match) return json(404, { error: { code: 'NotFound' } });
      const text = Buffer.concat(chunks).toString('utf8');
      if (request.method === 'POST') {
        const failure = failures.shift();
        if (failure) {
          calls.push({ method: 'FAILED', path, conversationId: match[1]!, body: {} });
          return json(
            failure.status,
            { error: { code: failure.code ?? 'Failure', message: 'scripted' } },
            failure.retryAfterS !== undefined ? { 'retry-after': String(failure.retryAfterS) } : {},
          );
        }
      }
      const id = match[2] && request.method === 'PUT' ? match[2] : `bot-activity-${++next}`;
      calls.push({
        method: request.method ?? '',
        path,
        conversationId: match[1]!,
        ...(match[2] ? { activityId: match[2] } : {}),
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        id,
      });
      json(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    calls,
    failures,
    addMember: (m: FakeMember) => members.set(m.id, m),
    /** Messages sent (new or replies) into one conversation, in order. */
    sentTo: (conversationId: string) =>
      calls.filter((call) => call.method === 'POST' && call.conversationId === conversationId),
    updatesIn: (conversationId: string) =>
      calls.filter((call) => call.method === 'PUT' && call.conversationId === conversationId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeConnector = Awaited<ReturnType<typeof startFakeConnector>>;

/** Every text of an Adaptive Card message, one per line, and its Action.Submit buttons. */
export function readCard(body: Record<string, unknown>): {
  text: string;
  buttons: { label: string; value: string }[];
} {
  const texts: string[] = [];
  const buttons: { label: string; value: string }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (node && typeof node === 'object') {
      const element = node as Record<string, unknown>;
      if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
      if (element.type === 'FactSet' && Array.isArray(element.facts))
        for (const fact of element.facts as { title: string; value: string }[])
          texts.push(`${fact.title}\n${fact.value}`);
      if (element.type === 'Action.Submit') {
        buttons.push({ label: String(element.title), value: JSON.stringify(element.data ?? {}) });
      }
      for (const [key, value] of Object.entries(element)) if (key !== 'data') visit(value);
    }
  };
  visit(body.attachments);
  if (typeof body.text === 'string') texts.unshift(body.text);
  return { text: texts.join('\n'), buttons };
}
