/**
 * Whether a signed body has the few fields every listener relies on: who (a user id) and where (a
 * team or enterprise id) for slash commands and interactions, a team and an event for the Events
 * API. Signed but malformed bodies are refused with 400 before Bolt sees them: Slack never sends
 * them, and a listener must never meet one.
 * https://docs.slack.dev/reference/interaction-payloads
 */
export function hasSlackShape(body: Record<string, unknown>): boolean {
  const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
  const idOf = (value: unknown) =>
    value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  if (typeof body.command === 'string') return isText(body.user_id) && isText(body.team_id);
  if (body.type === 'event_callback') {
    return (
      (isText(body.team_id) || isText(body.enterprise_id)) &&
      typeof body.event === 'object' &&
      body.event !== null
    );
  }
  if (typeof body.type === 'string') {
    return isText(idOf(body.user)) && (isText(idOf(body.team)) || isText(idOf(body.enterprise)));
  }
  return false;
}
