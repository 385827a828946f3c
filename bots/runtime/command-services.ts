import type { CommandServices } from '../../core/commands/services.ts';
import { availabilityDesk } from '../../db/repositories/availability-desk.ts';
import { rosterReader } from '../../db/repositories/creators.repository.ts';
import type { Runtime } from './runtime.ts';

/** The services commands see, bound to one tenant. Every surface builds its context through here. */
export function commandServicesFor(
  runtime: Pick<Runtime, 'database' | 'secrets' | 'fetcher' | 'clock'>,
  tenantId: string,
): CommandServices {
  return {
    roster: rosterReader(runtime.database, tenantId),
    availability: availabilityDesk(runtime, tenantId),
  };
}
