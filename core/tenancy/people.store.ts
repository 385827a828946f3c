import type { Actor } from '../commands/command.ts';
import type { PlatformUser } from '../surface/identity.ts';
import type { Role } from './roles.ts';

export interface PersonRecord {
  userId: string;
  displayName: string;
  role: Role;
  status: 'active' | 'invited' | 'disabled';
  timeZone: string | null;
  email: string | null;
}

/** The tenant's users, in the command's transaction. */
export interface PeopleStore {
  get(userId: string): Promise<PersonRecord | undefined>;
  /** An active user as a command's actor (creator handle and zone when they have a profile). */
  actorOf(userId: string): Promise<Actor | undefined>;
  /** The user behind a platform identity as a command's actor; undefined when unknown or disabled. */
  actorByIdentity(user: Pick<PlatformUser, 'platform' | 'externalUserId'>): Promise<Actor | undefined>;
  /** A user by creator handle, or by a platform identity written `platform:id` (`slack:U0123`). */
  findByReference(reference: string): Promise<PersonRecord | undefined>;
  countWithRole(role: Role): Promise<number>;
  setRole(userId: string, role: Role): Promise<void>;
  setTimeZone(userId: string, timeZone: string): Promise<void>;
}
