import { z } from 'zod';
import { type MatchingSettings, parseMatchingSettings } from '../../matching/matching-settings.ts';
import { fitSummary, weightLines } from '../../matching/matching-stats.ts';
import { PUBLISHER_ROLES } from '../../tenancy/roles.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { fields, heading, privateReply, text } from '../reply.ts';

/**
 * `/stats matching` (Slack: `/align stats matching`): the pair-score weights in use, where each came
 * from (learned, default, pinned) and the last fit with its validation score. Publisher staff only.
 */
export const statsMatching = defineCommand({
  name: 'stats.matching',
  summary: 'The pair-score weights in use, and how well the last fit validated',
  examples: ['/stats matching'],
  roles: PUBLISHER_ROLES,
  effect: 'read',
  input: z.object({}),
  chat: {
    command: 'stats',
    verb: 'matching',
    usage: '/stats matching',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/stats matching',
  },
  handle: async (context) => ({
    result: parseMatchingSettings((await context.stores.tenant.read()).settings),
  }),
  present: (matching: MatchingSettings) =>
    privateReply(
      heading(`Pairing weights${matching.isPinned ? ' (pinned)' : ''}`),
      fields(
        weightLines(matching)
          .filter((line) => line.weight > 0)
          .map((line) => ({ label: line.label, value: `${line.weight.toFixed(3)} (${line.source})` })),
      ),
      ...fitSummary(matching.fit, matching.isPinned).map((line) => text(line)),
    ),
});

export const statsGroup: CommandGroup = {
  name: 'stats',
  summary: 'Workspace statistics: the pairing weights and their last fit',
  commands: [statsMatching],
};
