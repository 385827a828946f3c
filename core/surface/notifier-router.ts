import type { Notifier } from '../ports/notifier.ts';
import type { IdentityPlatform } from './identity.ts';

/** One platform's way of sending a person a message, and whether it can reach them. */
export interface SurfaceDeliverer extends Notifier {
  platform: IdentityPlatform;
  reaches(userId: string): Promise<boolean>;
}

/**
 * The Notifier that picks the surface: the first deliverer (in preference order) that reaches the
 * person sends; nobody reachable goes to `fallback` (the log, in development).
 *
 * @example
 * const notifier = notifierRouter([slackDeliverer, teamsDeliverer], logNotifier(logger));
 */
export function notifierRouter(deliverers: readonly SurfaceDeliverer[], fallback?: Notifier): Notifier {
  return {
    async notify(userId, message, options) {
      for (const deliverer of deliverers) {
        if (await deliverer.reaches(userId)) {
          await deliverer.notify(userId, message, options);
          return;
        }
      }
      await fallback?.notify(userId, message, options);
    },
  };
}
