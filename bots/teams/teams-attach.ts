import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { IdentityStore, PlatformUser } from '../../core/surface/identity.ts';
import type { InstallationStore } from '../../core/surface/installations.ts';
import type { Tenant, TenantDirectory } from '../../core/tenancy/tenant.ts';

/** The purpose the attach codes' key is derived for (`secrets.deriveKey`): never the sealing key. */
export const TEAMS_ATTACH_KEY_PURPOSE = 'teams-attach-code';
/** How long an attach code may be redeemed after `/install teams` made it. */
export const TEAMS_ATTACH_TTL_MS = 10 * 60_000;

const PREFIX = 'SA1-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAC_BYTES = 12;
const NONCE_BYTES = 4;
const CODE_BYTES = 16 + 16 + 4 + NONCE_BYTES + MAC_BYTES;
/** What a person sends in Teams to redeem a code: `connect SA1-…`, `install teams SA1-…`, or the code alone. */
const REDEEM_LINE =
  /^(?:@[\w.-]+\s+)?\/?(?:(?:install|connect)(?:\s+teams)?\s+)?(SA1-[a-z2-7]{60,100})[.!]?$/i;

/** RFC 4648 base32, lower case, no padding: no character that chat markdown reads, any case accepted back. */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
function toBase32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
function fromBase32(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toLowerCase()) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) return undefined;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const macOf = (key: Buffer, body: Buffer) =>
  createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

export interface TeamsAttachRequest {
  tenantId: string;
  /** The admin who asked for the code: the Teams account that redeems it is linked to them. */
  userId: string;
  expiresAtMs: number;
  /** Identifies this code for its single use. */
  nonce: string;
}

/**
 * A code an admin of a tenant gives to a Microsoft 365 organisation to attach it to that tenant
 * (`/install teams`): the tenant, the admin and the expiry, signed with a key derived from the
 * server secret, with a random nonce so two codes asked for in the same second differ. It is
 * pasted into a chat, so it is short (84 characters of base32, which no chat's markdown reads and
 * which survives a change of case) and carries nothing secret.
 *
 * @example
 * teamsAttachCode(key, { tenantId, userId }, Date.now()) // 'SA1-q2t…'
 */
export function teamsAttachCode(
  key: Buffer,
  request: { tenantId: string; userId: string },
  nowMs: number,
): string {
  if (!UUID.test(request.tenantId) || !UUID.test(request.userId)) {
    throw new Error('teamsAttachCode: tenantId and userId must be UUIDs');
  }
  const expires = Buffer.alloc(4);
  expires.writeUInt32BE(Math.ceil((nowMs + TEAMS_ATTACH_TTL_MS) / 1000));
  const body = Buffer.concat([
    uuidBytes(request.tenantId),
    uuidBytes(request.userId),
    expires,
    randomBytes(NONCE_BYTES),
  ]);
  return PREFIX + toBase32(Buffer.concat([body, macOf(key, body)]));
}

/** The code in a message, when the message is a request to redeem one; undefined for anything else. */
export function attachCodeIn(words: string): string | undefined {
  return REDEEM_LINE.exec(words.trim())?.[1];
}

/** The request inside a code signed with `key`; 'expired' after its time; undefined when it is not one of ours. */
export function readTeamsAttachCode(
  key: Buffer,
  code: string,
  nowMs: number,
): TeamsAttachRequest | 'expired' | undefined {
  if (code.slice(0, PREFIX.length).toUpperCase() !== PREFIX) return undefined;
  const bytes = fromBase32(code.slice(PREFIX.length));
  if (bytes?.length !== CODE_BYTES) return undefined;
  const body = bytes.subarray(0, CODE_BYTES - MAC_BYTES);
  const mac = bytes.subarray(CODE_BYTES - MAC_BYTES);
  if (!timingSafeEqual(mac, macOf(key, body))) return undefined;
  const expiresAtMs = body.readUInt32BE(32) * 1000;
  if (expiresAtMs <= nowMs) return 'expired';
  return {
    tenantId: uuidOf(body.subarray(0, 16)),
    userId: uuidOf(body.subarray(16, 32)),
    expiresAtMs,
    nonce: mac.toString('hex'),
  };
}

export type AttachOutcome =
  | { kind: 'attached'; tenant: Tenant }
  | { kind: 'already'; tenant: Tenant }
  | { kind: 'refused'; message: string };

const INVALID =
  'That connect code is not valid: ask an admin of your Session Align workspace for a new one (/install teams).';

/**
 * Attaches a Microsoft 365 organisation to the tenant a code names, once: the code must be ours,
 * unexpired and unused, its admin still an admin there, and the organisation not already connected
 * elsewhere. The person who sends it is linked to that admin, so their first contact is as them.
 * Nothing is written when any check fails.
 */
export async function redeemTeamsAttach(options: {
  key: Buffer;
  code: string;
  nowMs: number;
  entraTenantId: string;
  user: PlatformUser;
  botUserId: string | null;
  installations: InstallationStore;
  tenants: Pick<TenantDirectory, 'findById'>;
  identities: Pick<IdentityStore, 'inTenant'>;
  deliveries: Pick<DeliveryLedger, 'claim'>;
}): Promise<AttachOutcome> {
  const request = readTeamsAttachCode(options.key, options.code, options.nowMs);
  if (request === 'expired') {
    return {
      kind: 'refused',
      message:
        'That connect code has expired (codes last 10 minutes): ask for a new one with /install teams.',
    };
  }
  if (!request) return { kind: 'refused', message: INVALID };
  const tenant = await options.tenants.findById(request.tenantId);
  const role = tenant && (await options.identities.inTenant(tenant.id, (tx) => tx.roleOf(request.userId)));
  if (tenant?.status !== 'active' || role !== 'tenant_admin') {
    return { kind: 'refused', message: INVALID };
  }
  const existing = await options.installations.find('teams', options.entraTenantId);
  if (existing) {
    return existing.tenantId === tenant.id
      ? { kind: 'already', tenant }
      : {
          kind: 'refused',
          message:
            'Your organisation is already connected to another Session Align workspace: nothing was changed.',
        };
  }
  // Single use: a code pasted into a second organisation finds its claim taken.
  const isFirstUse = await options.deliveries.claim(
    'teams',
    `attach:${request.nonce}`,
    2 * TEAMS_ATTACH_TTL_MS,
  );
  if (!isFirstUse) {
    return {
      kind: 'refused',
      message: 'That connect code has been used already: ask for a new one with /install teams.',
    };
  }
  await options.identities.inTenant(tenant.id, async (tx) => {
    if (!(await tx.findActor(options.user))) await tx.link(options.user, request.userId);
  });
  await options.installations.save({
    platform: 'teams',
    externalId: options.entraTenantId,
    enterpriseId: null,
    tenantId: tenant.id,
    botUserId: options.botUserId,
    installedBy: options.user.externalUserId,
    credentials: {},
  });
  return { kind: 'attached', tenant };
}
