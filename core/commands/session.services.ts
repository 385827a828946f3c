import type { CampaignPlan, Session, SessionPolicy } from '../sessions/index.ts';
import type { Actor } from './command.ts';

/**
 * What /session, /rooms and /campaign ask of the rest of the system, bound to one tenant. A session
 * is named by its id or any unique prefix of it (users see the first 8 characters).
 */
export interface SessionView {
  session: Session;
  /** The first 8 characters of the id: what people type. */
  shortId: string;
  /** "Studio / Room" when the session takes a room. */
  roomLabel: string | null;
  /** Creator handles by user id, for the participants who have one. */
  handles: Readonly<Record<string, string>>;
  icsSequence: number;
}

export interface ProposeSessionInput {
  /** Creators to invite; a creator who proposes is added to their own session. */
  handles: readonly string[];
  startsAtMs: number;
  endsAtMs: number;
  /** A room name (`Studio A`) or `Studio/Room`. */
  room?: string;
  /** A video-call link instead of a room. */
  remoteUrl?: string;
  title?: string;
  notes?: string;
}

export interface SessionFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface SessionService {
  /** Sessions the actor takes part in (`mine`), or every session of the tenant (`all`, publishers). */
  list(actor: Actor, query: { scope: 'mine' | 'all'; limit: number }): Promise<SessionView[]>;
  show(actor: Actor, ref: string): Promise<SessionView>;
  /** Throws `sessions.conflict` with conflicts, alternatives and `labels` (id -> name) when the time is taken. */
  propose(actor: Actor, input: ProposeSessionInput): Promise<SessionView>;
  /** `forHandle`: a publisher answering for someone. */
  answer(actor: Actor, ref: string, answer: 'accept' | 'decline', forHandle?: string): Promise<SessionView>;
  /** Publisher confirmation of an accepted session (tenants that do not schedule automatically). */
  confirm(actor: Actor, ref: string): Promise<SessionView>;
  reschedule(
    actor: Actor,
    ref: string,
    input: { startsAtMs: number; endsAtMs: number; reason?: string },
  ): Promise<SessionView>;
  cancel(actor: Actor, ref: string, reason?: string): Promise<SessionView>;
  feedback(
    actor: Actor,
    ref: string,
    input: { rating: number; wouldWriteAgain: boolean; note?: string },
  ): Promise<SessionView>;
  /** The calendar invite as the actor would receive it (METHOD:REQUEST, or CANCEL once it ended badly). */
  invite(actor: Actor, ref: string): Promise<SessionFile>;
  policy(): Promise<SessionPolicy>;
  updatePolicy(actor: Actor, patch: Partial<SessionPolicy>): Promise<SessionPolicy>;
}

export interface RoomSummary {
  id: string;
  studioName: string;
  name: string;
  city: string;
  address: string;
  capacity: number | null;
  gearNotes: string;
}

export interface RoomService {
  list(): Promise<{ studios: { name: string; city: string; address: string }[]; rooms: RoomSummary[] }>;
  addStudio(actor: Actor, input: { name: string; address: string; city: string }): Promise<void>;
  addRoom(
    actor: Actor,
    input: { studio: string; name: string; capacity?: number; gearNotes?: string },
  ): Promise<RoomSummary>;
}

export interface CampaignDraftView {
  draftId: string;
  shortId: string;
  title: string;
  startsAtMs: number;
  endsAtMs: number;
  roomLabel: string | null;
  participantLabels: string[];
}

export interface CampaignReview {
  id: string;
  shortId: string;
  brief: string;
  state: 'draft' | 'confirmed' | 'discarded';
  drafts: CampaignDraftView[];
  plan: CampaignPlan;
  /** Names for the user and room ids in `plan`. */
  labels: Readonly<Record<string, string>>;
}

export interface CampaignService {
  create(actor: Actor, brief: string): Promise<CampaignReview>;
  addDraft(actor: Actor, ref: string, input: Omit<ProposeSessionInput, 'notes'>): Promise<CampaignReview>;
  review(actor: Actor, ref: string): Promise<CampaignReview>;
  /** All or nothing: proposes every draft in one transaction, or changes nothing and reports why. */
  confirm(actor: Actor, ref: string): Promise<{ review: CampaignReview; sessions: SessionView[] }>;
}
