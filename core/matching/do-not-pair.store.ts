/** One do-not-pair rule: two creators, lower id first, never suggested together in either direction. */
export interface DoNotPairRule {
  creatorIds: [string, string];
  handles: [string, string];
  reason: string | null;
}

export interface DoNotPairStore {
  list(): Promise<DoNotPairRule[]>;
  /** False when the pair already had a rule. */
  add(creatorIds: [string, string], input: { reason: string | null; byUserId: string }): Promise<boolean>;
  /** The removed rule's reason, or undefined when there was none. */
  remove(creatorIds: [string, string]): Promise<{ reason: string | null } | undefined>;
  /** Whether any two of these creators may not be paired. */
  anyBetween(creatorIds: readonly string[]): Promise<DoNotPairRule[]>;
}
