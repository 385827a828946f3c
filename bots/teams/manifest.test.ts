import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatCommand } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { isAppError } from '../../core/shared/app-error.ts';
import { pngHeader, pngPixels, renderIcon, teamsIcons } from './icons.ts';
import { buildTeamsManifest, menuFor, PLACEHOLDER_APP_ID, TEAMS_SCHEMA_URL } from './manifest.ts';
import { TEAMS_LIMITS, teamsPackageProblems } from './manifest-rules.ts';

const ROOT = join(import.meta.dirname, '../..');
const DIR = join(ROOT, 'manifests/teams');
const committed = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const committedIcons = {
  'color.png': new Uint8Array(readFileSync(join(DIR, 'color.png'))),
  'outline.png': new Uint8Array(readFileSync(join(DIR, 'outline.png'))),
};
const APP_ID = '6f1c2a9e-0b7d-4c1e-9a63-2f4b8d0e7c15';

describe('manifests/teams/', () => {
  it('holds what the code generates (regenerate: node --import tsx bots/teams/manifest.cli.ts)', () => {
    expect(committed).toEqual(buildTeamsManifest());
    expect(committedIcons).toEqual(teamsIcons());
  });

  it('passes every documented rule of schema v1.17 and its package', () => {
    expect(teamsPackageProblems(committed, committedIcons)).toEqual([]);
  });

  it('declares a conversational bot in 1:1, team and group chats, the app id as bot id', () => {
    expect(committed.$schema).toBe(TEAMS_SCHEMA_URL);
    expect(committed.manifestVersion).toBe('1.17');
    expect(committed.id).toBe(PLACEHOLDER_APP_ID);
    expect(committed.bots).toEqual([
      expect.objectContaining({
        botId: PLACEHOLDER_APP_ID,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
      }),
    ]);
    expect(committed.validDomains).toEqual(['session-align.example.com']);
    expect(committed.webApplicationInfo).toBeUndefined();
  });
});

describe('bot menus', () => {
  const registry = createCommandRegistry();
  const menus = buildTeamsManifest().bots[0]!.commandLists;

  it('offer registered chat commands by name, described by their /help summary', () => {
    for (const command of menus.flatMap((menu) => menu.commands)) {
      expect(registry.chatCommand(command.title)?.summary).toBe(command.description);
    }
  });

  it('list in a 1:1 chat all but the admin-only commands, in a team or group chat what everyone may run', () => {
    const titles = Object.fromEntries(
      menus.map((menu) => [menu.scopes.join(), menu.commands.map((c) => c.title)]),
    );
    const everyone = ['avail', 'pair', 'profile', 'roster', 'session', 'rooms', 'whoami', 'help'];
    expect(titles).toEqual({
      personal: [
        'avail',
        'pair',
        'profile',
        'roster',
        'session',
        'rooms',
        'campaign',
        'donotpair',
        'whoami',
        'help',
      ],
      team: everyone,
      groupChat: everyone,
    });
  });

  it('keep the first nine and help once more commands than Teams shows would qualify', () => {
    const many = Array.from({ length: 12 }, (_, i) => chat(`cmd${i}`)).concat(chat('help'));
    expect(menuFor('personal', many).map((c) => c.title)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `cmd${i}`),
      'help',
    ]);
  });

  it('refuse a summary longer than a Teams menu shows, naming the command', () => {
    const wordy = chat('wordy', 'x'.repeat(TEAMS_LIMITS.commandDescription + 1));
    expect(() => menuFor('personal', [wordy])).toThrow(/"wordy".*its summary 128 \(has 129\)/);
  });
});

describe('buildTeamsManifest', () => {
  it('puts the app id and the public URL where Teams reads them', () => {
    const manifest = buildTeamsManifest({
      appId: APP_ID.toUpperCase(),
      publicUrl: 'https://align.acme.com:8443/sa/',
    });
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.developer.websiteUrl).toBe('https://align.acme.com:8443/sa');
    expect(manifest.validDomains).toEqual(['align.acme.com:8443']);
    expect(teamsPackageProblems(manifest, teamsIcons())).toEqual([]);
  });

  it.each([
    [
      'appId',
      'not-a-guid',
      'teams.bad_app_id',
      /^TEAMS_APP_ID: expected the Entra application \(client\) ID/,
    ],
    ['publicUrl', 'http://align.acme.com', 'teams.bad_public_url', /^PUBLIC_URL: expected the https:\/\//],
    ['publicUrl', 'align.acme.com', 'teams.bad_public_url', /^PUBLIC_URL: /],
    ['publicUrl', 'https://align.acme.com/?x=1', 'teams.bad_public_url', /^PUBLIC_URL: /],
  ])('refuses %s %j with an error naming the setting', (field, value, code, message) => {
    const options = { appId: APP_ID, publicUrl: 'https://align.acme.com', [field]: value };
    const error = catchError(() => buildTeamsManifest(options));
    expect(isAppError(error) && error.code).toBe(code);
    expect((error as Error).message).toMatch(message);
  });
});

describe('teamsPackageProblems', () => {
  const good = buildTeamsManifest();
  const icons = teamsIcons();
  const menu = good.bots[0]!.commandLists[0]!;
  const withBot = (bot: object) => ({ ...good, bots: [{ ...good.bots[0], ...bot }] });
  const withMenu = (commands: object[]) => withBot({ commandLists: [{ scopes: ['personal'], commands }] });

  const patch = (changes: object) => ({ ...good, ...changes });
  const developer = (changes: object) => patch({ developer: { ...good.developer, ...changes } });
  const description = (changes: object) => patch({ description: { ...good.description, ...changes } });
  const commands = (length: number, command = { title: 't', description: 'd' }) =>
    withMenu(Array.from({ length }, (_, i) => ({ ...command, title: `${command.title}${i || ''}` })));

  it.each<[string, object]>([
    ['colour: expected only properties schema v1.17 defines (this is not one)', patch({ colour: 'red' })],
    ['manifestVersion: expected "1.17"', patch({ manifestVersion: '1.16' })],
    ['version: expected MAJOR.MINOR.PATCH like 1.0.0 (got "1.0")', patch({ version: '1.0' })],
    ['id: expected a GUID (the Entra application id)', patch({ id: 'session-align' })],
    ['developer.name: expected at most 32 characters (has 33)', developer({ name: 'd'.repeat(33) })],
    [
      'developer.privacyUrl: expected an https:// URL (got "http://x.com")',
      developer({ privacyUrl: 'http://x.com' }),
    ],
    [
      'developer.termsOfUseUrl: expected a non-empty string of at most 2048 characters',
      developer({ termsOfUseUrl: undefined }),
    ],
    ['name.short: expected at most 30 characters (has 31)', patch({ name: { short: 'n'.repeat(31) } })],
    ['name.full: expected a name different from name.short', patch({ name: { short: 'A', full: 'A' } })],
    ['description.short: expected at most 80 characters (has 81)', description({ short: 's'.repeat(81) })],
    [
      'description.full: expected at most 4000 characters (has 4001)',
      description({ full: 'f'.repeat(4001) }),
    ],
    [
      'description.full: expected a text that does not repeat description.short',
      description({ full: `${good.description.short} And more.` }),
    ],
    ['accentColor: expected an HTML colour like #1d1c3b (got "navy")', patch({ accentColor: 'navy' })],
    ['bots: expected at most 1 entries (has 2)', patch({ bots: [good.bots[0], good.bots[0]] })],
    ["bots[0].botId: expected the bot's Entra application id (a GUID)", withBot({ botId: 'bot' })],
    [
      'bots[0].scopes: expected only personal, team, groupChat (got "meetings")',
      withBot({ scopes: ['personal', 'meetings'], commandLists: [menu] }),
    ],
    ['bots[0].supportsFiles: expected true or false', withBot({ supportsFiles: 'no' })],
    ['bots[0].commandLists[0].commands: expected at most 10 entries (has 11)', commands(11)],
    [
      'bots[0].commandLists[0].commands[0].title: expected at most 32 characters (has 33)',
      commands(1, { title: 't'.repeat(33), description: 'd' }),
    ],
    [
      'bots[0].commandLists[0].commands[0].description: expected at most 128 characters (has 129)',
      commands(1, { title: 't', description: 'd'.repeat(129) }),
    ],
    [
      'bots[0].commandLists[0].scopes: expected scopes the bot has ("personal" is not one)',
      patch({
        defaultInstallScope: 'team',
        bots: [{ ...good.bots[0], scopes: ['team'], commandLists: [menu] }],
      }),
    ],
    [
      'bots[0].commandLists: expected at most 3 entries (has 4)',
      withBot({ commandLists: [menu, menu, menu, menu] }),
    ],
    [
      `defaultInstallScope: expected one of the bot's scopes (got "meetings")`,
      patch({ defaultInstallScope: 'meetings' }),
    ],
    [
      'validDomains: expected host names like align.example.com or *.example.com (got "*.com")',
      patch({ validDomains: ['*.com'] }),
    ],
    [
      'validDomains: expected host names like align.example.com or *.example.com (got "https://a.example.com")',
      patch({ validDomains: ['https://a.example.com'] }),
    ],
    [
      'validDomains: expected at most 16 entries (has 17)',
      patch({ validDomains: Array.from({ length: 17 }, (_, i) => `d${i}.example.com`) }),
    ],
    ['webApplicationInfo.id: expected a GUID', patch({ webApplicationInfo: { id: 'app' } })],
    [
      'icons.color: expected the name of a PNG file at the root of the package',
      patch({ icons: { ...good.icons, color: 'icons/color.png' } }),
    ],
  ])('reports "%s"', (problem, manifest) => {
    expect(teamsPackageProblems(manifest, icons)).toEqual([problem]);
  });

  it('names a missing icon, a wrong size, a file that is no PNG and an outline that is not white', () => {
    const red = new Uint8Array(
      new Resvg(
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="red"/></svg>',
      )
        .render()
        .asPng(),
    );
    expect(teamsPackageProblems(good, { 'color.png': icons['color.png'] })).toEqual([
      'icons.outline: expected "outline.png" in the package beside manifest.json',
    ]);
    expect(
      teamsPackageProblems(good, { 'color.png': icons['outline.png'], 'outline.png': icons['color.png'] }),
    ).toEqual([
      'icons.color: expected 192x192 pixels ("color.png" is 32x32)',
      'icons.outline: expected 32x32 pixels ("outline.png" is 192x192)',
    ]);
    expect(
      teamsPackageProblems(good, { ...icons, 'color.png': new TextEncoder().encode('GIF89a…') }),
    ).toEqual(['icons.color: expected "color.png" to be a PNG']);
    expect(teamsPackageProblems(good, { ...icons, 'outline.png': red })).toEqual([
      'icons.outline: expected only white or transparent pixels (pixel 0,0 is not)',
    ]);
  });
});

describe('icons', () => {
  it('are PNGs of 192x192 and 32x32 pixels, by their IHDR', () => {
    const icons = teamsIcons();
    expect(pngHeader(icons['color.png'])).toMatchObject({ width: 192, height: 192 });
    expect(pngHeader(icons['outline.png'])).toMatchObject({ width: 32, height: 32 });
    expect(pngHeader(new Uint8Array(40))).toBeUndefined();
  });

  it('draw the outline in white on transparent only, and draw something', () => {
    const { rgba } = pngPixels(renderIcon('outline.png'));
    const pixels = Array.from({ length: rgba.length / 4 }, (_, i) => rgba.slice(i * 4, i * 4 + 4).join());
    const kinds = new Set(pixels.map((pixel) => (pixel.endsWith(',0') ? 'transparent' : pixel)));
    expect([...kinds].toSorted()).toEqual(['255,255,255,255', 'transparent']);
    expect(pixels.filter((pixel) => pixel === '255,255,255,255').length).toBeGreaterThan(100);
  });

  it('draw the colour icon opaque and in colour', () => {
    const { rgba } = pngPixels(renderIcon('color.png'));
    const colours = new Set<string>();
    let translucent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) translucent++;
      if (rgba[i] !== rgba[i + 1] || rgba[i + 1] !== rgba[i + 2]) colours.add(rgba.slice(i, i + 3).join());
    }
    expect(translucent).toBe(0);
    expect(colours.size).toBeGreaterThanOrEqual(4);
  });

  it('render the same bytes every time', () => {
    expect(renderIcon('color.png')).toEqual(renderIcon('color.png'));
    expect(renderIcon('outline.png')).toEqual(renderIcon('outline.png'));
  });
});

describe('npm run package:teams', () => {
  const out = mkdtempSync(join(tmpdir(), 'teams-package-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes a zip with manifest.json, color.png and outline.png at its root for PUBLIC_URL and TEAMS_APP_ID', async () => {
    const zip = join(out, 'app.zip');
    const run = await packager(['--out', zip], {
      PUBLIC_URL: 'https://align.acme.com',
      TEAMS_APP_ID: APP_ID,
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `wrote ${zip} (${readFileSync(zip).length} bytes) for app ${APP_ID} at https://align.acme.com\n`,
    );
    const entries = unzipSync(new Uint8Array(readFileSync(zip)));
    expect(Object.keys(entries).toSorted()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
    expect(manifest).toEqual(buildTeamsManifest({ appId: APP_ID, publicUrl: 'https://align.acme.com' }));
    expect({ 'color.png': entries['color.png'], 'outline.png': entries['outline.png'] }).toEqual(
      teamsIcons(),
    );
    expect(existsSync(`${zip}.partial`)).toBe(false);
  });

  it('uses the placeholders without them, and says so in one line', async () => {
    const zip = join(out, 'placeholder.zip');
    const run = await packager(['--out', zip], {});
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'Packaging with placeholders for TEAMS_APP_ID and PUBLIC_URL (not set): Teams will not reach this app; set them or pass --app-id/--public-url.',
    );
    const manifest = JSON.parse(
      new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(zip)))['manifest.json']),
    );
    expect(manifest).toEqual(committed);
  });

  it('refuses a bad TEAMS_APP_ID in one line and writes nothing', async () => {
    const zip = join(out, 'bad.zip');
    const run = await packager(['--out', zip, '--public-url', 'https://align.acme.com'], {
      TEAMS_APP_ID: 'my-bot',
    });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      'TEAMS_APP_ID: expected the Entra application (client) ID, a GUID like 6f1c2a9e-0b7d-4c1e-9a63-2f4b8d0e7c15; got "my-bot"\n',
    );
    expect(existsSync(zip)).toBe(false);
  });
});

function chat(name: string, summary = `The ${name} command`): ChatCommand {
  return { name, aliases: [], summary, usage: `/${name}`, examples: [], roles: [], definitions: [] };
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** `npm run package:teams -- ARGS` as a real process, with only `env` of the Teams settings set. */
function packager(args: string[], env: Record<string, string>) {
  const { TEAMS_APP_ID: _, PUBLIC_URL: __, ...rest } = process.env;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'package:teams', '--', ...args],
      { cwd: ROOT, env: { ...rest, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
