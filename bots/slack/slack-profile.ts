import type { webApi } from '@slack/bolt';
import type { PlatformProfile } from '../../core/surface/identity.ts';

/** What Slack tells us about a person (`users.info`), reduced to what we keep. */
export type SlackProfile = PlatformProfile;

/**
 * Name, time zone and e-mail of a Slack user (`users.info`; the e-mail needs `users:read.email`).
 * https://docs.slack.dev/reference/methods/users.info
 */
export async function slackProfile(client: webApi.WebClient, slackUserId: string): Promise<SlackProfile> {
  const { user } = await client.users.info({ user: slackUserId });
  const displayName =
    user?.profile?.real_name?.trim() ||
    user?.real_name?.trim() ||
    user?.profile?.display_name?.trim() ||
    user?.name;
  return {
    displayName: displayName || slackUserId,
    ...(user?.tz ? { timeZone: user.tz } : {}),
    ...(user?.profile?.email ? { email: user.profile.email } : {}),
  };
}
