import type { Session } from './session.types.ts';

export interface VisibleLocation {
  /** `precise`: address or join link; `coarse`: the studio's city (or just "online"); `none`: nothing known yet. */
  precision: 'precise' | 'coarse' | 'none';
  text: string;
}

/** Every required participant said yes (PRD 4.7: "precise address only when both sides approve"). */
const everyoneAcceptedStates: ReadonlySet<Session['state']> = new Set(['accepted', 'scheduled', 'done']);

/**
 * What may be shown of a session's location to everyone invited: the studio's name and address
 * (or the join link) only once every required participant accepted; before that, and after a
 * cancellation, decline or expiry, only the city.
 *
 * @example
 * visibleLocation(proposedStudioSession) // => { precision: 'coarse', text: 'Nashville (address shared once everyone accepts)' }
 */
export function visibleLocation(session: Session): VisibleLocation {
  const { location } = session;
  const isPrecise = everyoneAcceptedStates.has(session.state);
  switch (location.kind) {
    case 'studio':
      return isPrecise
        ? { precision: 'precise', text: `${location.name}, ${location.address}` }
        : { precision: 'coarse', text: `${location.city} (address shared once everyone accepts)` };
    case 'remote':
      return isPrecise
        ? { precision: 'precise', text: location.joinUrl }
        : { precision: 'coarse', text: 'Online (link shared once everyone accepts)' };
    case 'tbd':
      return { precision: 'none', text: 'To be decided' };
  }
}
