import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeHttpServer } from './close-http-server.ts';

async function slowServer(delayMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    setTimeout(() => response.end('finished'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}

describe('closeHttpServer', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    const { server, url } = await slowServer(300);
    const inFlight = fetch(url).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = closeHttpServer(server, 5_000);
    expect(await inFlight).toBe('finished');
    expect(await closing).toBe(true);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('cuts connections that outlive the timeout', async () => {
    const { server, url } = await slowServer(5_000);
    const inFlight = fetch(url).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await closeHttpServer(server, 100)).toBe(false);
    expect(await inFlight).toBe('cut');
  });
});
