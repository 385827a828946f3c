/** A creator as lists show them. */
export interface CreatorSummary {
  creatorId: string;
  /** The creator's user account; null for a roster entry nobody has claimed yet. */
  userId: string | null;
  handle: string;
  displayName: string;
  timeZone: string;
  genres: string[];
  roles: string[];
  /** Only when the creator shares their city. */
  city?: string;
  isWritingOptIn: boolean;
}

/**
 * The tenant's roster, read in the command's transaction.
 *
 * @example
 * const { creators, total } = await stores.roster.list({ genre: 'pop', limit: 10 });
 */
export interface RosterStore {
  list(query: { genre?: string; role?: string; limit: number }): Promise<{
    creators: CreatorSummary[];
    total: number;
  }>;
  /** By handle (without `@`, any case). */
  find(handle: string): Promise<CreatorSummary | undefined>;
  /** Those of these handles that exist; the caller names the missing ones. */
  findMany(handles: readonly string[]): Promise<CreatorSummary[]>;
  /** Handles starting with or near `prefix`, for did-you-mean (at most `limit`). */
  similarHandles(word: string, limit: number): Promise<string[]>;
}
