/** A creator's profile as `/profile` shows and edits it. */
export interface ProfileRecord {
  creatorId: string;
  userId: string | null;
  handle: string;
  displayName: string;
  bio: string;
  timeZone: string;
  genres: string[];
  tags: string[];
  roles: string[];
  inspirations: string[];
  location: { city: string; cityId?: string; country?: string; lat?: number; lon?: number } | null;
  isLocationOptIn: boolean;
  isWritingOptIn: boolean;
  creditCount: number;
}

/** What a profile edit may change; omitted fields stay as they are. */
export interface ProfileChanges {
  displayName?: string;
  bio?: string;
  timeZone?: string;
  genres?: string[];
  tags?: string[];
  roles?: string[];
  inspirations?: string[];
  location?: { city: string; cityId: string; country: string; lat: number; lon: number } | null;
  isLocationOptIn?: boolean;
  isWritingOptIn?: boolean;
}

export interface ProfileStore {
  /** By handle, locked for update when `forUpdate`. */
  get(handle: string, options?: { forUpdate?: boolean }): Promise<ProfileRecord | undefined>;
  /** Writes the changes and the new content hash (what matching reads); returns that hash. */
  update(creatorId: string, changes: ProfileChanges): Promise<{ contentHash: string }>;
}
