import type { Server } from 'node:http';

/**
 * Stops accepting connections and waits for in-flight requests to finish; idle keep-alive
 * connections close at once. Past `timeoutMs`, remaining connections are cut.
 * Resolves to whether everything finished in time.
 */
export async function closeHttpServer(server: Server, timeoutMs: number): Promise<boolean> {
  const closed = new Promise<true>((resolve) => server.close(() => resolve(true)));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
  });
  const isGraceful = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  if (!isGraceful) {
    server.closeAllConnections();
    await closed;
  }
  return isGraceful;
}
