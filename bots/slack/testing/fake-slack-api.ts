import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Form fields or JSON body; JSON-valued fields (blocks, view) parsed. */
  params: Record<string, unknown>;
  token?: string;
  atMs: number;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  realName: string;
  tz?: string;
  email?: string;
}

/**
 * A local stand-in for the Slack Web API (`/api/<method>`) and for `response_url`s
 * (`/respond/<id>`), answering like Slack (`{ ok: true, … }`, HTTP 429 with Retry-After when told
 * to) and recording every call. Tests point `SLACK_API_URL` at `${url}/api/`.
 */
export async function startFakeSlackApi(
  options: {
    /** Hears each response_url post as it arrives (the load bench times answers with it). */
    onRespond?: (path: string, body: Record<string, unknown>) => void;
    /** Keep no record of calls and responses (a long load run would only grow them). */
    isRecording?: boolean;
    /** Hears each Web API call as it arrives (the load bench times answers sent as a DM with it). */
    onCall?: (method: string, params: Record<string, unknown>) => void;
  } = {},
) {
  const isRecording = options.isRecording ?? true;
  const calls: RecordedCall[] = [];
  const responses: { path: string; body: Record<string, unknown>; atMs: number }[] = [];
  /** Files uploaded through the external upload flow, by file id. */
  const uploads = new Map<
    string,
    { filename: string; content: string; channel?: string; comment?: string }
  >();
  const users = new Map<string, FakeSlackUser>();
  const rateLimits = new Map<string, number[]>();
  let oauthAccess: Record<string, unknown> = { ok: false, error: 'invalid_code' };
  // auth.test answers per bot token; any token not set here belongs to T_DEMO.
  const workspacesByToken = new Map<string, Record<string, unknown>>();
  let nextTs = 1;
  let url = '';
  /** Slack could not download image URLs: messages with an image block are refused. */
  let imagesUnreachable = false;

  const answer = (
    method: string,
    params: Record<string, unknown>,
    token: string | undefined,
  ): Record<string, unknown> => {
    switch (method) {
      case 'users.info': {
        const user = users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            real_name: user.realName,
            tz: user.tz,
            profile: { real_name: user.realName, display_name: user.name, email: user.email },
          },
        };
      }
      case 'chat.postMessage': {
        const blocks = Array.isArray(params.blocks) ? (params.blocks as { type?: string }[]) : [];
        if (imagesUnreachable && blocks.some((block) => block.type === 'image'))
          return {
            ok: false,
            error: 'invalid_blocks',
            errors: ['downloading image failed [json-pointer:/blocks/1/image_url]'],
          };
        return { ok: true, channel: params.channel, ts: `1700000000.${String(nextTs++).padStart(6, '0')}` };
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${nextTs++}`, ...(params.view as object) } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users).replace(/^U/, '')}` } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${nextTs++}`;
        uploads.set(fileId, { filename: String(params.filename), content: '' });
        return { ok: true, file_id: fileId, upload_url: `${url}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof params.files === 'string' ? JSON.parse(params.files) : params.files) as {
          id: string;
        }[];
        for (const file of files) {
          const upload = uploads.get(file.id);
          if (!upload) return { ok: false, error: 'file_not_found' };
          upload.channel = String(params.channel_id);
          if (params.initial_comment) upload.comment = String(params.initial_comment);
        }
        return { ok: true, files: files.map((file) => ({ id: file.id })) };
      }
      case 'oauth.v2.access':
        return oauthAccess;
      case 'auth.test':
        return {
          ok: true,
          team_id: 'T_DEMO',
          user_id: 'U_BOT',
          bot_id: 'B_BOT',
          ...workspacesByToken.get(token ?? ''),
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (request, response) => {
    const raw = await readBody(request);
    const path = request.url ?? '/';
    if (path.startsWith('/upload/')) {
      const upload = uploads.get(path.slice('/upload/'.length));
      if (!upload) {
        response.writeHead(404).end();
        return;
      }
      upload.content = raw;
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (path.startsWith('/respond/')) {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      if (isRecording) responses.push({ path, body, atMs: Date.now() });
      options.onRespond?.(path, body);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '').replace(/\?.*$/, '');
    const params = parseParams(raw, request.headers['content-type'] ?? '');
    const token =
      request.headers.authorization?.replace(/^Bearer /, '') ?? (params.token as string | undefined);
    if (isRecording) calls.push({ method, params, ...(token ? { token } : {}), atMs: Date.now() });
    options.onCall?.(method, params);
    const limits = rateLimits.get(method);
    if (limits?.length) {
      const retryAfter = limits.shift()!;
      response.writeHead(429, { 'retry-after': String(retryAfter), 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(answer(method, params, token)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    /** Files shared through the upload flow: name, bytes, the channel it was shared to. */
    uploadedFiles: () => [...uploads.values()].filter((upload) => upload.channel),
    /** A response_url Slack would hand out for one interaction. */
    responseUrl: (id: string) => `${url}/respond/${id}`,
    addUser(user: FakeSlackUser) {
      users.set(user.id, user);
    },
    setOAuthAccess(body: Record<string, unknown>) {
      oauthAccess = body;
    },
    /** What `auth.test` says about a bot token (`team_id`, `enterprise_id`, …). */
    setWorkspace(token: string, workspace: Record<string, unknown>) {
      workspacesByToken.set(token, workspace);
    },
    /** From now, messages with an image block are refused as Slack does when it cannot fetch the picture. */
    failImageDownloads(isFailing = true) {
      imagesUnreachable = isFailing;
    },
    /** The next call of `method` gets HTTP 429 with `Retry-After: seconds`. */
    rateLimitNext(method: string, seconds: number) {
      rateLimits.set(method, [...(rateLimits.get(method) ?? []), seconds]);
    },
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeSlackApi = Awaited<ReturnType<typeof startFakeSlackApi>>;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}');
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
