import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';

/**
 * Tenant settings that change what the lifecycle allows. Parse once from the tenant's settings
 * JSON with `parseSessionPolicy`; missing keys take the defaults.
 */
export interface SessionPolicy {
  /**
   * Publisher "full control" (PRD 13): only tenant admins and staff propose or reschedule; creators
   * only accept or decline until they accepted, and may cancel only after accepting.
   * When off, creators who take part may propose to each other, reschedule and cancel.
   */
  isFullControl: boolean;
  /** How long a proposal holds the time before it expires. */
  holdHours: number;
  /** Cancelling or moving a scheduled session this close to its start requires a reason. */
  lateChangeWindowHours: number;
  /**
   * Who turns `accepted` into `scheduled`: a publisher (tenant admin/staff) confirms, or the system
   * does it as soon as everyone required accepted (see `nextAutomaticEvent`).
   */
  scheduleConfirmation: 'publisher' | 'automatic';
  /** The longest session anyone may propose, in hours (a writing day, not a typo'd 22 h). */
  maxSessionHours: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  isFullControl: false,
  holdHours: 48,
  lateChangeWindowHours: 24,
  scheduleConfirmation: 'automatic',
  maxSessionHours: 12,
};

export const sessionPolicySchema = z.object({
  isFullControl: z.boolean().default(defaultSessionPolicy.isFullControl),
  holdHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(defaultSessionPolicy.holdHours),
  lateChangeWindowHours: z
    .number()
    .min(0)
    .max(24 * 14)
    .default(defaultSessionPolicy.lateChangeWindowHours),
  scheduleConfirmation: z.enum(['publisher', 'automatic']).default(defaultSessionPolicy.scheduleConfirmation),
  maxSessionHours: z.number().positive().max(24).default(defaultSessionPolicy.maxSessionHours),
});

/**
 * @example
 * parseSessionPolicy({ isFullControl: true }) // => { ...defaultSessionPolicy, isFullControl: true }
 */
export function parseSessionPolicy(settings: unknown): SessionPolicy {
  const parsed = sessionPolicySchema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new AppError('sessions.bad_policy', `Invalid session settings: ${problems.join('; ')}`, { problems });
}

export const hourMs = 3_600_000;
export const minuteMs = 60_000;
