import type { App, webApi } from '@slack/bolt';
import type { Reply } from '../../../core/commands/reply.ts';
import { allGenres, normaliseGenre } from '../../../core/profiles/genres.ts';
import { foldText } from '../../../core/profiles/text.normalise.ts';
import { renderReply } from '../blocks.ts';
import { DELIVERY_TTL_MS } from '../deliveries.ts';
import { SLACK_LIMITS as L, truncate } from '../limits.ts';
import { handlesForSlackUsers } from '../mentions.ts';
import {
  availabilitySubmission,
  profileSubmission,
  proposedSlackUsers,
  proposeSubmission,
  type Submission,
  type ViewValues,
} from '../modal-submissions.ts';
import { MODAL_CALLBACK, resultView } from '../modals.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply } from '../slack-conversation.ts';
import { settleWithin } from '../slack-responses.ts';

/** The first input of each form, where a command's error is shown. */
const FIRST_FIELD: Record<string, string> = {
  [MODAL_CALLBACK.profile]: 'genres',
  [MODAL_CALLBACK.availability]: 'day.mon',
  [MODAL_CALLBACK.propose]: 'participants',
};

type Outcome = { errors: Record<string, string> } | { answer: Reply; after?: () => Promise<void> };

/**
 * Form submissions become command lines run through the shared layer. Field problems and command
 * errors stay in the form (`response_action: errors`); success replaces the form with the answer,
 * or, when the commands take longer than the budget, closes it and sends the answer as a DM.
 * https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
 */
export function registerViewListeners(app: App, deps: SlackListenerDeps): void {
  app.view(/^sa\.(profile|availability|propose)$/, async ({ ack, body, view, client, context }) => {
    if (!(await deps.deliveries.claim(`view:${view.id}:${view.hash}`, DELIVERY_TTL_MS.trigger))) {
      await ack();
      return;
    }
    const values = view.state.values as unknown as ViewValues;
    const work = submit(view.callback_id, values, body.user.id, client, context);
    const quick = await settleWithin(work, deps.ackBudgetMs);
    if (quick) {
      if ('errors' in quick) await ack({ response_action: 'errors', errors: quick.errors });
      else await ack({ response_action: 'update', view: resultView(quick.answer) as never });
    } else {
      await ack();
    }
    const outcome = await work;
    if (!quick) {
      const answer = 'answer' in outcome ? outcome.answer : errorReply(new Error('form problems'));
      const message = renderReply(answer);
      await client.chat.postMessage({
        channel: body.user.id,
        text: message.text,
        blocks: message.blocks as never,
      });
    }
    if ('after' in outcome) await outcome.after?.();
  });

  // Genre search for the profile form's external select, from the taxonomy.
  app.options({ action_id: 'genres' }, async ({ ack, options }) => {
    await ack({ options: genreOptions(options.value ?? '') } as never);
  });

  async function submit(
    callbackId: string,
    values: ViewValues,
    slackUserId: string,
    client: webApi.WebClient,
    context: Record<string, unknown>,
  ): Promise<Outcome> {
    try {
      const conversation = await deps.converse(context, slackUserId, client);
      let submission: Submission;
      if (callbackId === MODAL_CALLBACK.profile) submission = profileSubmission(values);
      else if (callbackId === MODAL_CALLBACK.availability) submission = availabilitySubmission(values);
      else {
        const users = proposedSlackUsers(values);
        const handles = await handlesForSlackUsers(deps.database, conversation.context.tenant.id, users);
        submission = proposeSubmission(values, handles);
      }
      if ('errors' in submission) return { errors: submission.errors };
      const blocks: Reply['blocks'] = [];
      const done: { line: string; answer: Reply }[] = [];
      for (const line of submission.lines) {
        const answer = await conversation.run(line);
        const problem = answer.blocks.find((b) => b.kind === 'notice' && b.tone === 'error');
        if (problem?.kind === 'notice') {
          return { errors: { [FIRST_FIELD[callbackId]!]: truncate(problem.text, 300) } };
        }
        blocks.push(...answer.blocks);
        done.push({ line, answer });
      }
      const after = async () => {
        for (const { line, answer } of done) await deps.afterCommand(conversation, line, answer, client);
      };
      return { answer: { isPrivate: true, blocks }, after };
    } catch (error) {
      deps.logger.warn({ err: error }, 'form submission failed');
      return { answer: errorReply(error) };
    }
  }
}

/** Taxonomy genres matching what was typed: an exact (normalised) match first, then by label. */
export function genreOptions(query: string) {
  const folded = foldText(query);
  const exact = query.trim() ? normaliseGenre(query) : undefined;
  const matches = allGenres().filter(
    (genre) => genre.id !== exact?.id && foldText(genre.label).includes(folded),
  );
  return [...(exact ? [exact] : []), ...matches].slice(0, L.selectOptions).map((genre) => ({
    text: { type: 'plain_text' as const, text: truncate(genre.label, L.optionText) },
    value: genre.id,
  }));
}
