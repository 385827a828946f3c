import { renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { isAppError } from '../../core/shared/app-error.ts';
import { teamsIcons } from './icons.ts';
import { buildTeamsManifest, PLACEHOLDER_APP_ID, PLACEHOLDER_PUBLIC_URL } from './manifest.ts';
import { teamsPackageProblems } from './manifest-rules.ts';

const USAGE = `Usage: npm run package:teams [-- --app-id GUID --public-url URL --privacy-url URL --terms-url URL --out FILE]

Writes the Teams app package (manifest.json, color.png, outline.png at the zip root) for upload
in Teams or the Developer Portal. --app-id and --public-url default to TEAMS_APP_ID and PUBLIC_URL.`;

const DEFAULT_OUT = join(import.meta.dirname, '../../manifests/teams/session-align-teams.zip');
// ZIP stores local wall-clock dates: a fixed local date keeps the bytes the same on every machine.
const ZIP_DATE = new Date(1980, 0, 1);

/**
 * `npm run package:teams`: builds, checks and writes the app package; nothing is written unless the
 * whole package passes Teams' rules. Returns the exit code.
 */
function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        'app-id': { type: 'string' },
        'public-url': { type: 'string' },
        'privacy-url': { type: 'string' },
        'terms-url': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const given = (option: string, variable: string) =>
    (values[option] as string | undefined) || env[variable] || undefined;
  const appId = given('app-id', 'TEAMS_APP_ID');
  const publicUrl = given('public-url', 'PUBLIC_URL');
  let manifest: ReturnType<typeof buildTeamsManifest>;
  try {
    manifest = buildTeamsManifest({
      appId: appId ?? PLACEHOLDER_APP_ID,
      publicUrl: publicUrl ?? PLACEHOLDER_PUBLIC_URL,
      ...(values['privacy-url'] ? { privacyUrl: values['privacy-url'] as string } : {}),
      ...(values['terms-url'] ? { termsOfUseUrl: values['terms-url'] as string } : {}),
    });
  } catch (error) {
    // A bad setting (AppError) or a command that no longer fits a bot menu: either way, one line.
    console.error(
      isAppError(error) ? error.message : `Cannot build the manifest: ${(error as Error).message}`,
    );
    return 1;
  }
  const files = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    ...teamsIcons(),
  };
  const problems = teamsPackageProblems(manifest, files);
  if (problems.length) {
    console.error(
      `The package would not pass Teams' checks, so nothing was written:\n- ${problems.join('\n- ')}`,
    );
    return 1;
  }

  const missing = [appId ? '' : 'TEAMS_APP_ID', publicUrl ? '' : 'PUBLIC_URL'].filter(Boolean);
  if (missing.length) {
    console.log(
      `Packaging with placeholders for ${missing.join(' and ')} (not set): Teams will not reach this app; set ${missing.length > 1 ? 'them' : 'it'} or pass --app-id/--public-url.`,
    );
  }
  const out = (values.out as string | undefined) ?? DEFAULT_OUT;
  const zip = zipSync(files, { level: 9, mtime: ZIP_DATE });
  // Written beside the target, then renamed over it: a failed write never leaves half a zip.
  try {
    writeFileSync(`${out}.partial`, zip);
    renameSync(`${out}.partial`, out);
  } catch (error) {
    console.error(`Cannot write ${out}: ${(error as Error).message}`);
    return 1;
  }
  console.log(
    `wrote ${values.out ? out : relative(process.cwd(), out)} (${zip.length} bytes) for app ${manifest.id} at ${manifest.developer.websiteUrl}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2), process.env);
