import { pngHeader, pngPixels } from './icons.ts';

/**
 * What Teams accepts in an app manifest of schema v1.17 and in its package, written from the
 * documentation rather than fetched, so a bad manifest is caught here and not at upload.
 * https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema
 * https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package
 */
export const TEAMS_LIMITS = {
  version: 256,
  developerName: 32,
  url: 2048,
  shortName: 30,
  fullName: 100,
  shortDescription: 80,
  fullDescription: 4000,
  bots: 1,
  botId: 64,
  scopes: 3,
  commandLists: 3,
  /** Commands in one bot menu (`bots[].commandLists[].commands`). */
  menuCommands: 10,
  commandTitle: 32,
  commandDescription: 128,
  validDomains: 16,
  /** Icon sizes in pixels, square. */
  colorIcon: 192,
  outlineIcon: 32,
} as const;

export const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const BOT_SCOPES = ['personal', 'team', 'groupChat'];
const INSTALL_SCOPES = ['personal', 'team', 'groupChat', 'meetings'];
/** Top-level properties of the v1.17 schema (it allows no others). */
const KNOWN_PROPERTIES = new Set(
  [
    '$schema manifestVersion version id localizationInfo developer name description icons accentColor',
    'configurableTabs staticTabs bots connectors subscriptionOffer composeExtensions permissions',
    'devicePermissions validDomains webApplicationInfo graphConnector showLoadingIndicator isFullScreen',
    'activities configurableProperties supportedChannelTypes defaultBlockUntilAdminAction publisherDocsUrl',
    'defaultInstallScope defaultGroupCapability meetingExtensionDefinition authorization',
  ]
    .join(' ')
    .split(' '),
);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects "field: expected …" lines; each reader returns the value when it passes, else nothing. */
class Problems {
  readonly lines: string[] = [];

  expect(field: string, what: string): void {
    this.lines.push(`${field}: expected ${what}`);
  }

  text(field: string, value: unknown, max: number, required = true): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.expect(field, `a non-empty string of at most ${max} characters`);
    } else if (value.length > max) this.expect(field, `at most ${max} characters (has ${value.length})`);
    else return value;
    return undefined;
  }

  matching(field: string, value: unknown, pattern: RegExp, what: string): void {
    if (typeof value !== 'string' || !pattern.test(value)) this.expect(field, what);
  }

  https(field: string, value: unknown): void {
    const url = this.text(field, value, TEAMS_LIMITS.url);
    if (url !== undefined) this.matching(field, url, /^https:\/\/[^/\s]+/i, `an https:// URL (got "${url}")`);
  }

  list(field: string, value: unknown, max: number, required = true): unknown[] {
    if (value === undefined && !required) return [];
    if (!Array.isArray(value)) this.expect(field, `a list of at most ${max}`);
    else if (value.length > max) this.expect(field, `at most ${max} entries (has ${value.length})`);
    else if (new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
      this.expect(field, 'no repeated entries');
    } else return value;
    return [];
  }

  object(field: string, value: unknown): Json {
    if (isObject(value)) return value;
    this.expect(field, 'an object');
    return {};
  }
}

/**
 * Every way `manifest` (parsed JSON) and the package `files` beside it break Teams' rules, each as
 * "field: expected …". Empty when the package would be accepted.
 *
 * @example
 * teamsPackageProblems({ ...manifest, accentColor: 'navy' }, files)
 * // ['accentColor: expected an HTML colour like #1d1c3b (got "navy")']
 */
export function teamsPackageProblems(
  manifest: unknown,
  files: Readonly<Record<string, Uint8Array>>,
): string[] {
  if (!isObject(manifest)) return ['manifest.json: expected a JSON object'];
  const check = new Problems();
  for (const key of Object.keys(manifest).filter((key) => !KNOWN_PROPERTIES.has(key))) {
    check.expect(key, 'only properties schema v1.17 defines (this is not one)');
  }
  if (manifest.manifestVersion !== '1.17') check.expect('manifestVersion', '"1.17"');
  if (manifest.$schema !== undefined && !String(manifest.$schema).includes('/teams/v1.17/')) {
    check.expect('$schema', 'the v1.17 schema URL, matching manifestVersion');
  }
  const version = check.text('version', manifest.version, TEAMS_LIMITS.version);
  if (version !== undefined) {
    check.matching('version', version, SEMVER, `MAJOR.MINOR.PATCH like 1.0.0 (got "${version}")`);
  }
  check.matching('id', manifest.id, GUID, 'a GUID (the Entra application id)');
  checkListing(check, manifest);
  check.lines.push(...iconProblems('icons.color', manifest.icons, 'color', TEAMS_LIMITS.colorIcon, files));
  check.lines.push(
    ...iconProblems('icons.outline', manifest.icons, 'outline', TEAMS_LIMITS.outlineIcon, files),
  );
  const botScopes = checkBots(check, manifest.bots);
  if (manifest.defaultInstallScope !== undefined) {
    const scope = manifest.defaultInstallScope;
    if (!INSTALL_SCOPES.includes(scope as string) || (botScopes && !botScopes.has(scope))) {
      check.expect('defaultInstallScope', `one of the bot's scopes (got ${JSON.stringify(scope)})`);
    }
  }
  for (const domain of check.list('validDomains', manifest.validDomains, TEAMS_LIMITS.validDomains, false)) {
    check.lines.push(...domainProblems(domain));
  }
  if (manifest.webApplicationInfo !== undefined) {
    const info = check.object('webApplicationInfo', manifest.webApplicationInfo);
    check.matching('webApplicationInfo.id', info.id, GUID, 'a GUID');
    check.text('webApplicationInfo.resource', info.resource, TEAMS_LIMITS.url, false);
  }
  return check.lines;
}

/** What the app store and the install dialog show: developer, names, descriptions, colour. */
function checkListing(check: Problems, manifest: Json): void {
  const developer = check.object('developer', manifest.developer);
  check.text('developer.name', developer.name, TEAMS_LIMITS.developerName);
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'])
    check.https(`developer.${key}`, developer[key]);

  const name = check.object('name', manifest.name);
  const shortName = check.text('name.short', name.short, TEAMS_LIMITS.shortName);
  if (shortName && check.text('name.full', name.full, TEAMS_LIMITS.fullName, false) === shortName) {
    check.expect('name.full', 'a name different from name.short');
  }
  const description = check.object('description', manifest.description);
  const short = check.text('description.short', description.short, TEAMS_LIMITS.shortDescription);
  const full = check.text('description.full', description.full, TEAMS_LIMITS.fullDescription);
  if (short && full?.includes(short)) {
    check.expect('description.full', 'a text that does not repeat description.short');
  }
  check.matching(
    'accentColor',
    manifest.accentColor,
    HEX_COLOR,
    `an HTML colour like #1d1c3b (got ${JSON.stringify(manifest.accentColor)})`,
  );
}

/** The bot and its menus; returns the scopes the bot declares (undefined without a bot). */
function checkBots(check: Problems, value: unknown): Set<unknown> | undefined {
  const bots = check.list('bots', value, TEAMS_LIMITS.bots, false);
  if (!bots.length) return undefined;
  const declared = new Set<unknown>();
  for (const [i, bot] of bots.map((bot) => check.object('bots[]', bot)).entries()) {
    const at = `bots[${i}]`;
    const botId = check.text(`${at}.botId`, bot.botId, TEAMS_LIMITS.botId);
    if (botId !== undefined)
      check.matching(`${at}.botId`, botId, GUID, "the bot's Entra application id (a GUID)");
    const scopes = check.list(`${at}.scopes`, bot.scopes, TEAMS_LIMITS.scopes);
    if (!scopes.length) check.expect(`${at}.scopes`, `at least one of ${BOT_SCOPES.join(', ')}`);
    for (const scope of scopes) {
      if (!BOT_SCOPES.includes(scope as string)) {
        check.expect(`${at}.scopes`, `only ${BOT_SCOPES.join(', ')} (got ${JSON.stringify(scope)})`);
      }
      declared.add(scope);
    }
    for (const flag of ['supportsFiles', 'isNotificationOnly']) {
      if (bot[flag] !== undefined && typeof bot[flag] !== 'boolean')
        check.expect(`${at}.${flag}`, 'true or false');
    }
    const menus = check.list(`${at}.commandLists`, bot.commandLists, TEAMS_LIMITS.commandLists, false);
    for (const [j, menu] of menus.map((menu) => check.object(`${at}.commandLists[]`, menu)).entries()) {
      const where = `${at}.commandLists[${j}]`;
      for (const scope of check.list(`${where}.scopes`, menu.scopes, TEAMS_LIMITS.scopes)) {
        if (!scopes.includes(scope)) {
          check.expect(`${where}.scopes`, `scopes the bot has (${JSON.stringify(scope)} is not one)`);
        }
      }
      const commands = check.list(`${where}.commands`, menu.commands, TEAMS_LIMITS.menuCommands);
      for (const [k, command] of commands
        .map((entry) => check.object(`${where}.commands[]`, entry))
        .entries()) {
        check.text(`${where}.commands[${k}].title`, command.title, TEAMS_LIMITS.commandTitle);
        check.text(
          `${where}.commands[${k}].description`,
          command.description,
          TEAMS_LIMITS.commandDescription,
        );
      }
    }
  }
  return declared;
}

/** A host name the app loads content from: no scheme or path, no wildcard over a whole top-level domain. */
function domainProblems(domain: unknown): string[] {
  const expected = `validDomains: expected host names like align.example.com or *.example.com (got ${JSON.stringify(domain)})`;
  if (typeof domain !== 'string' || domain.length > TEAMS_LIMITS.url || /[/\s]|:\/\//.test(domain))
    return [expected];
  const labels = domain.split('.');
  const named = labels.filter((label) => label !== '*');
  if (named.length < 2 || labels.some((label) => label === '')) return [expected];
  return [];
}

/** An icon entry: a file at the package root, a PNG of `size` x `size`; an outline is white on transparent. */
function iconProblems(
  field: string,
  icons: unknown,
  kind: 'color' | 'outline',
  size: number,
  files: Readonly<Record<string, Uint8Array>>,
): string[] {
  if (!isObject(icons)) return kind === 'color' ? ['icons: expected an object'] : [];
  const path = icons[kind];
  if (typeof path !== 'string' || !path || path.includes('/') || path.includes('\\')) {
    return [`${field}: expected the name of a PNG file at the root of the package`];
  }
  const bytes = files[path];
  if (!bytes) return [`${field}: expected "${path}" in the package beside manifest.json`];
  const header = pngHeader(bytes);
  if (!header) return [`${field}: expected "${path}" to be a PNG`];
  if (header.width !== size || header.height !== size) {
    return [`${field}: expected ${size}x${size} pixels ("${path}" is ${header.width}x${header.height})`];
  }
  if (kind === 'color') return [];
  let rgba: Uint8Array;
  try {
    rgba = pngPixels(bytes).rgba;
  } catch {
    return [
      `${field}: expected "${path}" to be an 8-bit RGBA PNG, so that its background can be transparent`,
    ];
  }
  for (let i = 0; i < rgba.length; i += 4) {
    const isTransparent = rgba[i + 3] === 0;
    const isWhite = rgba[i] === 255 && rgba[i + 1] === 255 && rgba[i + 2] === 255;
    if (!isTransparent && !isWhite) {
      const pixel = i / 4;
      return [
        `${field}: expected only white or transparent pixels (pixel ${pixel % size},${Math.floor(pixel / size)} is not)`,
      ];
    }
  }
  return [];
}
