import type { App, webApi } from '@slack/bolt';
import { FORM_IDS, type FormId } from '../../../core/commands/forms/index.ts';
import type { Reply } from '../../../core/commands/reply.ts';
import { AppError } from '../../../core/shared/app-error.ts';
import { DELIVERY_TTL_MS } from '../../../core/surface/delivery-ledger.ts';
import { renderReply } from '../blocks.ts';
import { SLACK_LIMITS as L, truncate } from '../limits.ts';
import { formIdOf, formValues, resultView, type ViewValues } from '../modals.ts';
import { postRendered } from '../post-message.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply } from '../slack-conversation.ts';
import { settleWithin } from '../slack-responses.ts';

type Outcome = { errors: Record<string, string> } | { answer: Reply } | { replayed: true };

/**
 * Form submissions run their command once with one typed input. Field problems stay in the form
 * (`response_action: errors`, beside the field the input path names); success replaces the form
 * with the answer, or, when the command takes longer than the budget, closes it and sends the
 * answer as a DM. External selects are searched through `options` requests.
 * https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
 */
export function registerViewListeners(app: App, deps: SlackListenerDeps): void {
  app.view(/^sa\.form\./, async ({ ack, body, view, client, context }) => {
    const formId = formIdOf(view.callback_id) as FormId;
    const values = view.state.values as unknown as ViewValues;
    // The budget is for an idle server. With other work running (on PGlite, on this very thread)
    // waiting for the answer only delays the ack, so it goes at once.
    const budgetMs = deps.executor.isIdle() ? deps.ackBudgetMs : 0;
    const work: Promise<Outcome> = deps.executor
      .run(String(context.tenantId), async (): Promise<Outcome> => {
        const key = `view:${view.id}:${view.hash}`;
        if (!(await deps.deliveries.claim('slack', key, DELIVERY_TTL_MS.trigger))) return { replayed: true };
        return submit(formId, values, body.user.id, client, context);
      })
      .catch((error: unknown) => ({ answer: errorReply(error) }));
    const quick = budgetMs > 0 ? await settleWithin(work, budgetMs) : undefined;
    if (quick) {
      if ('errors' in quick) await ack({ response_action: 'errors', errors: quick.errors });
      else if ('answer' in quick)
        await ack({ response_action: 'update', view: resultView(quick.answer) as never });
      else await ack();
      return;
    }
    // Not ready: the ack closes the form and the answer arrives as a DM.
    await ack();
    const outcome = await work;
    if ('replayed' in outcome) return;
    const answer =
      'answer' in outcome
        ? outcome.answer
        : errorReply(new AppError('commands.bad_input', Object.values(outcome.errors).join(' ')));
    const message = renderReply(answer);
    await postRendered(client, message, { channel: body.user.id });
  });

  // Searched selects: genres from the taxonomy, creators from the roster.
  app.options(/.*/, async ({ ack, body, options, client, context }) => {
    const formId = formIdOf((body as { view?: { callback_id?: string } }).view?.callback_id ?? '') as FormId;
    try {
      if (!FORM_IDS.includes(formId)) return await ack({ options: [] } as never);
      const conversation = await deps.converse(context, body.user.id, client);
      const form = (await conversation.form(formId)).form;
      const field = form.fields.find((f) => f.id === options.action_id);
      const source =
        field && 'options' in field && 'search' in field.options ? field.options.search : undefined;
      const found = source ? await conversation.options(source, options.value ?? '') : [];
      await ack({
        options: found.slice(0, L.selectOptions).map((o) => ({
          text: { type: 'plain_text', text: truncate(o.label, L.optionText) },
          value: o.value,
        })),
      } as never);
    } catch (error) {
      deps.logger.warn({ err: error }, 'options request failed');
      await ack({ options: [] } as never);
    }
  });

  async function submit(
    formId: FormId,
    values: ViewValues,
    slackUserId: string,
    client: webApi.WebClient,
    context: Record<string, unknown>,
  ): Promise<Outcome> {
    try {
      if (!FORM_IDS.includes(formId)) return { answer: errorReply(new Error('unknown form')) };
      const conversation = await deps.converse(context, slackUserId, client);
      const form = (await conversation.form(formId)).form;
      const submitted = await conversation.submit(formId, formValues(form, values));
      if ('errors' in submitted) return { errors: submitted.errors };
      if (submitted.outcome.bug)
        deps.logger.error({ err: submitted.outcome.bug, form: formId }, 'form command failed');
      return { answer: submitted.outcome.reply };
    } catch (error) {
      deps.logger.warn({ err: error }, 'form submission failed');
      return { answer: errorReply(error) };
    }
  }
}
