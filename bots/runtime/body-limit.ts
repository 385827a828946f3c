import type { MiddlewareHandler } from 'hono';

/** What any route takes unless given its own limit: Slack's payloads are a few KB, its maximum well under this. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface BodyLimits {
  /** Bytes any request body may have (default DEFAULT_BODY_LIMIT_BYTES). */
  defaultBytes?: number;
  /** Routes that need another limit, by exact path: `{ '/_local/cli': 64 * 1024 * 1024 }`. */
  byPath?: Readonly<Record<string, number>>;
}

/**
 * Reads a body stream whole, counting bytes as they arrive, and stops reading at the cap: it never
 * holds more than `maxBytes`, whatever `Content-Length` claimed (or when there is none: chunked).
 * Undefined when the body is larger than `maxBytes`.
 *
 * @example
 * const bytes = await readBodyCapped(request.body, 1024 * 1024);
 * if (!bytes) return new Response('payload too large', { status: 413 });
 */
export async function readBodyCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop pulling; the server discards (and soon cuts) whatever the client still sends.
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

/** A declared length over the cap is refused before a byte of the body is read. */
export function declaresTooMuch(headers: Headers, maxBytes: number): boolean {
  const declared = headers.get('content-length');
  return declared !== null && !(Number(declared) <= maxBytes);
}

/**
 * Caps every inbound request body, before any handler (or signature check) reads it: a body over
 * its route's limit is answered 413 and the connection closed. The body a handler then reads is
 * the bytes counted here, so a `Content-Length` that lies changes nothing.
 */
export function bodyLimit(limits: BodyLimits = {}): MiddlewareHandler {
  const defaultBytes = limits.defaultBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  return async (c, next) => {
    const request = c.req.raw;
    if (!request.body) return next();
    const maxBytes = limits.byPath?.[c.req.path] ?? defaultBytes;
    const bytes = declaresTooMuch(request.headers, maxBytes)
      ? undefined
      : await readBodyCapped(request.body, maxBytes);
    if (!bytes) {
      c.header('Connection', 'close');
      return c.json({ error: 'payload_too_large', limitBytes: maxBytes }, 413);
    }
    c.req.raw = new Request(request, { body: bytes });
    return next();
  };
}
