/**
 * An https URL that is not this machine's loopback: what Slack and Teams can fetch a card image
 * from. Both only load https images, so a PUBLIC_URL they reach is https; `http://localhost:3000`
 * (the default) is not.
 */
export function isPublicHttps(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  const host = hostname.toLowerCase();
  const isLoopback =
    host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';
  return protocol === 'https:' && !isLoopback;
}
