import { closestWords } from '../commands/did-you-mean.ts';
import { AppError } from '../shared/app-error.ts';
import type { CreatorSummary, RosterStore } from './roster.store.ts';

/**
 * These creators by handle, in the order named; an unknown handle is an AppError naming it with
 * the closest handles of the roster (`No creator @an. Did you mean @ana-rossi? See /roster.`).
 */
export async function findCreators(
  roster: Pick<RosterStore, 'findMany' | 'similarHandles'>,
  handles: readonly string[],
  code = 'profiles.unknown_handle',
): Promise<CreatorSummary[]> {
  const wanted = [...new Set(handles.map((h) => h.replace(/^@/, '').toLowerCase()))];
  const found = await roster.findMany(wanted);
  const missing = wanted.find((handle) => !found.some((creator) => creator.handle === handle));
  if (missing) {
    const near = closestWords(missing, await roster.similarHandles(missing, 20), 3);
    throw new AppError(
      code,
      `No creator @${missing}.${near.length ? ` Did you mean ${near.map((h) => `@${h}`).join(', ')}?` : ''} See /roster.`,
      { handle: missing },
    );
  }
  return wanted.map((handle) => found.find((creator) => creator.handle === handle)!);
}

export async function findCreator(
  roster: Pick<RosterStore, 'findMany' | 'similarHandles'>,
  handle: string,
  code?: string,
): Promise<CreatorSummary> {
  const [creator] = await findCreators(roster, [handle], code);
  return creator!;
}
