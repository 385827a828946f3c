import type { Invocation } from '../../../core/commands/reply.ts';
import { DEFAULT_ACTION_TTL_MS } from '../../../core/surface/action-tokens.ts';
import type { TestRuntimeParts } from '../../../test/support/test-runtime.ts';

/** A stored action's token, as a reply finished for `forUserId` would carry it on a button. */
export async function mintToken(
  parts: Pick<TestRuntimeParts, 'work'>,
  tenantId: string,
  invoke: Invocation,
  options: { forUserId?: string; isSingleUse?: boolean; expiresAtMs?: number } = {},
): Promise<string> {
  const [token] = await parts.work.inTenant(tenantId, (stores) =>
    stores.actionTokens.mint([
      {
        invoke,
        ...(options.forUserId ? { forUserId: options.forUserId } : {}),
        isSingleUse: options.isSingleUse ?? false,
        expiresAtMs: options.expiresAtMs ?? Date.now() + DEFAULT_ACTION_TTL_MS,
      },
    ]),
  );
  return token!;
}

/** Every button value in a rendered Block Kit payload, with its label. */
export function buttonsIn(blocks: unknown): { label: string; value: string }[] {
  const found: { label: string; value: string }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (node && typeof node === 'object') {
      const element = node as { type?: string; text?: { text?: string }; value?: string; options?: unknown };
      if (element.type === 'button' && element.value)
        found.push({ label: element.text?.text ?? '', value: element.value });
      for (const value of Object.values(node)) visit(value);
    }
  };
  visit(blocks);
  return found;
}
