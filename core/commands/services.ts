/**
 * What commands may ask of the rest of the system, already bound to one tenant and actor.
 * The composition root (bots/runtime) builds it from the database; tests build small fakes.
 */
export interface CommandServices {
  roster: RosterReader;
}

export interface CreatorSummary {
  handle: string;
  displayName: string;
  timeZone: string;
  genres: string[];
  roles: string[];
  city?: string;
  isWritingOptIn: boolean;
}

export interface RosterReader {
  list(query: { genre?: string; role?: string; limit: number }): Promise<{ creators: CreatorSummary[]; total: number }>;
  find(handle: string): Promise<CreatorSummary | undefined>;
}
