/**
 * Sessions: the pure parts. Lifecycle state machine, invites (ICS), reminders and feedback,
 * conflicts with alternatives, and campaign (promotable drafts) planning. No I/O here; the
 * repository, commands and delivery call these.
 */
export {
  type CampaignBusy,
  type CampaignDraft,
  type CampaignPlan,
  type DraftProblem,
  planCampaignPromotion,
} from './campaign.ts';
export {
  type Alternative,
  type AlternativeSearch,
  type BusyInput,
  type Conflict,
  type ConflictResource,
  checkProposedTime,
  conflictError,
  findAlternatives,
  findConflicts,
} from './conflicts.ts';
export {
  type AttendedSession,
  checkFeedbackAllowed,
  type FeedbackSubmission,
  feedbackSubmissionSchema,
  maxFeedbackNoteChars,
  type PairHistory,
  parseFeedback,
  summarizePairHistory,
} from './feedback.ts';
export { escapeText, foldLine, formatUtcDateTime } from './ics-format.ts';
export {
  buildSessionInvite,
  type InviteMethod,
  type InviteOptions,
  inviteMethodFor,
  requiresSequenceBump,
  sessionUid,
} from './ics-invite.ts';
export { intersection, isValidInterval, mergeIntervals, overlaps } from './interval.ts';
export { type VisibleLocation, visibleLocation } from './location-visibility.ts';
export {
  type DueNotification,
  dueNotifications,
  type NotificationKind,
  nextNotificationAtMs,
  notificationDedupeKey,
  type ReminderOptions,
  type ReminderSession,
} from './reminders.ts';
export {
  type Actor,
  type ActorRole,
  actorRoles,
  type Interval,
  type ParticipantState,
  type Session,
  type SessionLocation,
  type SessionParticipant,
  type SessionState,
  sessionStates,
  terminalSessionStates,
} from './session.types.ts';
export type { AuditChanges } from './session-audit.ts';
export {
  legalFromStates,
  nextAutomaticEvent,
  type SessionAuditAction,
  type SessionEvent,
  type SessionEventType,
  sessionEventTypes,
  type TransitionContext,
  type TransitionResult,
  transition,
} from './session-lifecycle.ts';
export { isPublisher } from './session-permissions.ts';
export {
  defaultSessionPolicy,
  parseSessionPolicy,
  type SessionPolicy,
  sessionPolicySchema,
} from './session-policy.ts';
