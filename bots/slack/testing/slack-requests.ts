import { signSlackRequest } from '../signature.ts';

/**
 * Requests shaped like Slack's, signed like Slack signs them. Payload shapes follow
 * https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling and
 * https://docs.slack.dev/reference/interaction-payloads.
 */
export const TEST_SIGNING_SECRET = 'test-signing-secret-8f2c1e';

export interface SignOptions {
  secret?: string;
  timestampSeconds?: number;
  headers?: Record<string, string>;
}

export function signedInit(body: string, contentType: string, options: SignOptions = {}): RequestInit {
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  return {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  };
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const FORM = 'application/x-www-form-urlencoded';

let triggerCounter = 0;
export const newTriggerId = () => `${1000 + ++triggerCounter}.98765.abcdef${triggerCounter}`;

export function slashCommand(input: {
  command: string;
  text?: string;
  userId: string;
  teamId?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return form({
    token: 'deprecated-verification-token',
    team_id: input.teamId ?? 'T_DEMO',
    team_domain: 'demo',
    channel_id: 'C_GENERAL',
    channel_name: 'general',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: input.command,
    text: input.text ?? '',
    api_app_id: 'A_APP',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  });
}

export function blockActions(input: {
  userId: string;
  value: string;
  actionId?: string;
  teamId?: string;
  responseUrl?: string;
  messageTs?: string;
  fromHome?: boolean;
}): string {
  const teamId = input.teamId ?? 'T_DEMO';
  const container = input.fromHome
    ? { type: 'view', view_id: 'V_HOME' }
    : {
        type: 'message',
        message_ts: input.messageTs ?? '1700000000.000100',
        channel_id: 'D_DM',
        is_ephemeral: false,
      };
  const payload = {
    type: 'block_actions',
    user: {
      id: input.userId,
      username: input.userId.toLowerCase(),
      name: input.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: 'A_APP',
    token: 'deprecated-verification-token',
    container,
    trigger_id: newTriggerId(),
    team: { id: teamId, domain: 'demo' },
    enterprise: null,
    is_enterprise_install: false,
    ...(input.fromHome
      ? { view: { id: 'V_HOME', type: 'home', team_id: teamId } }
      : {
          channel: { id: 'D_DM', name: 'directmessage' },
          message: { ts: input.messageTs ?? '1700000000.000100' },
        }),
    ...(input.responseUrl ? { response_url: input.responseUrl } : {}),
    actions: [
      {
        action_id: input.actionId ?? 'sa.1',
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Press', emoji: true },
        value: input.value,
        type: 'button',
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return form({ payload: JSON.stringify(payload) });
}

export function viewSubmission(input: {
  userId: string;
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  viewId?: string;
  teamId?: string;
}): string {
  const teamId = input.teamId ?? 'T_DEMO';
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: 'demo' },
    user: {
      id: input.userId,
      username: input.userId.toLowerCase(),
      name: input.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: 'A_APP',
    token: 'deprecated-verification-token',
    trigger_id: newTriggerId(),
    view: {
      id: input.viewId ?? `V_${newTriggerId()}`,
      team_id: teamId,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: '',
      hash: '1700000000.abc',
      state: { values: input.values },
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return form({ payload: JSON.stringify(payload) });
}

export function blockSuggestion(input: {
  userId: string;
  actionId: string;
  value: string;
  teamId?: string;
  callbackId?: string;
}): string {
  const teamId = input.teamId ?? 'T_DEMO';
  return form({
    payload: JSON.stringify({
      type: 'block_suggestion',
      user: { id: input.userId, username: 'u', name: 'u', team_id: teamId },
      team: { id: teamId, domain: 'demo' },
      api_app_id: 'A_APP',
      token: 'deprecated-verification-token',
      action_id: input.actionId,
      block_id: input.actionId,
      value: input.value,
      view: {
        id: 'V_FORM',
        type: 'modal',
        callback_id: input.callbackId ?? 'sa.form.profile',
        team_id: teamId,
      },
      container: { type: 'view', view_id: 'V_FORM' },
    }),
  });
}

export function appHomeOpened(input: { userId: string; eventId: string; teamId?: string }): string {
  const teamId = input.teamId ?? 'T_DEMO';
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A_APP',
    event: {
      type: 'app_home_opened',
      user: input.userId,
      channel: 'D_DM',
      tab: 'home',
      event_ts: '1700000000.000200',
    },
    type: 'event_callback',
    event_id: input.eventId,
    event_time: 1700000000,
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'U_BOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}
