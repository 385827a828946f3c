import type { Invocation } from '../commands/reply.ts';

/** Tokens start with this, so a surface can tell one from anything else a button might carry. */
export const ACTION_TOKEN_PREFIX = 'sa1.';
/** Discord's `custom_id` holds 100 characters and Teams' `Action.Submit` data is small: stay well under. */
export const MAX_ACTION_TOKEN_LENGTH = 64;
export const DEFAULT_ACTION_TTL_MS = 14 * 24 * 3_600_000;

/** What a button may do, for whom, until when. */
export interface ActionGrant {
  invoke: Invocation;
  /** Only this user may press it. Without it, anyone of the tenant the command's roles allow. */
  forUserId?: string;
  /** Writes are single-use: the second press does nothing. */
  isSingleUse: boolean;
  expiresAtMs: number;
}

export type ActionUse =
  | { ok: true; invoke: Invocation; isSingleUse: boolean }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'not_for_you' };

/**
 * Stored actions behind button tokens, in one tenant's transaction (forced RLS: a token of another
 * tenant is simply unknown).
 *
 * @example
 * const [token] = await stores.actionTokens.mint([{ invoke, forUserId, isSingleUse: true, expiresAtMs }]);
 * await stores.actionTokens.peek(token, presserUserId, nowMs); // { ok: true, invoke, … }
 */
export interface ActionTokenStore {
  mint(grants: readonly ActionGrant[]): Promise<string[]>;
  /** Checks a press without using the token up. */
  peek(token: string, presserUserId: string, nowMs: number): Promise<ActionUse>;
  /** Uses a single-use token up; false when someone else used it first. */
  consume(token: string, nowMs: number): Promise<boolean>;
}

/** What someone who pressed a button that cannot run is told. */
export const ACTION_REFUSALS: Record<Exclude<ActionUse, { ok: true }>['reason'], string> = {
  unknown: 'This button is no longer valid. Run the command again for a fresh one.',
  expired: 'This button has expired. Run the command again for a fresh one.',
  used: 'This button was already used: nothing more was done.',
  not_for_you: 'This button was meant for someone else: nothing was done.',
};

export const isActionToken = (value: string): boolean =>
  value.startsWith(ACTION_TOKEN_PREFIX) && value.length <= MAX_ACTION_TOKEN_LENGTH;
