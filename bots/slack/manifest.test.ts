import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { buildSlackManifest } from './manifest.ts';
import { commandLineFor, SLASH_COMMANDS } from './slash-commands.ts';

const MANIFEST_PATH = join(import.meta.dirname, '../../manifests/slack/manifest.json');
const committed = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));

/** Slash commands that are Slack-side forms rather than a command of the shared layer. */
const FORM_ONLY = new Set(['/profile']);

describe('manifests/slack/manifest.json', () => {
  it('is what the code generates (regenerate: node --import tsx bots/slack/manifest.cli.ts)', () => {
    expect(committed).toEqual(buildSlackManifest());
  });

  it('declares exactly the slash commands the code handles, each at /slack/events', () => {
    const declared = committed.features.slash_commands.map((c: { command: string }) => c.command).toSorted();
    expect(declared).toEqual(SLASH_COMMANDS.map((c) => c.command).toSorted());
    for (const command of committed.features.slash_commands) {
      expect(command.url).toBe('https://session-align.example.com/slack/events');
      expect(command.should_escape).toBe(true);
    }
    expect(committed.settings.interactivity.request_url).toBe(
      'https://session-align.example.com/slack/events',
    );
    expect(committed.settings.event_subscriptions.request_url).toBe(
      'https://session-align.example.com/slack/events',
    );
    expect(committed.settings.event_subscriptions.bot_events).toEqual([
      'app_home_opened',
      'message.im',
      'app_mention',
    ]);
    expect(committed.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['im:history', 'app_mentions:read']),
    );
  });

  it('routes every native slash command to a registered command', () => {
    const registry = createCommandRegistry();
    const missing = SLASH_COMMANDS.filter((c) => c.command !== '/align' && !FORM_ONLY.has(c.command))
      .map((c) => commandLineFor(c.command, '').slice(1))
      .filter((name) => !registry.chatCommand(name));
    expect(missing).toEqual([]);
  });

  it('reaches every registered command through /align', () => {
    const registry = createCommandRegistry();
    for (const chat of registry.chatCommands()) {
      expect(commandLineFor('/align', chat.name)).toBe(`/${chat.name}`);
    }
  });
});
