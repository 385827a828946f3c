import type { MiddlewareHandler } from 'hono';

/** Paths always answered, however busy: a load balancer must still hear from a saturated server. */
const PROBES = new Set(['/healthz', '/readyz']);

export interface AdmissionLimits {
  /** Requests being answered at once (probes aside); one more is refused with 503. */
  maxInFlight: number;
  /** What a refused caller is told to wait (`Retry-After`, seconds). */
  retryAfterSeconds: number;
}

/**
 * Counts requests in flight and refuses those beyond the bound with 503 and `Retry-After`, before
 * any body is read, so a burst costs a few bytes per refused request, never a body each (Slack and
 * the Bot Framework retry on 503). `inFlight()` is what /readyz shows.
 *
 * @example
 * const admission = admissionControl({ maxInFlight: 1_000, retryAfterSeconds: 5 });
 * app.use('*', admission.middleware);
 */
export function admissionControl(limits: AdmissionLimits) {
  let inFlight = 0;
  const middleware: MiddlewareHandler = async (c, next) => {
    if (PROBES.has(c.req.path)) return next();
    if (inFlight >= limits.maxInFlight) {
      c.header('retry-after', String(limits.retryAfterSeconds));
      c.header('connection', 'close');
      return c.text('Session Align is busy, try again in a minute.', 503);
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  };
  return { middleware, inFlight: () => inFlight, maxInFlight: limits.maxInFlight };
}

export type Admission = ReturnType<typeof admissionControl>;
