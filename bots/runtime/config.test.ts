import { describe, expect, it } from 'vitest';
import { ConfigError, enabledSurfaces, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'true',
      CALENDAR_FETCH_ALLOW_PRIVATE: 'false',
      TIMELINE_LINK_TTL_DAYS: 7,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected a TCP port number (1-65535)'],
    [{ PORT: '70000' }, 'PORT: expected a TCP port number (1-65535)'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL: expected a PostgreSQL URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL: expected a Redis URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent'],
    [
      { LOG_FORMAT: 'pretty' },
      'LOG_FORMAT: expected json or text (unset: json for serve and worker, text for other commands)',
    ],
    [{ ENCRYPTION_KEY: 'short' }, 'ENCRYPTION_KEY: expected 32 random bytes, base64 encoded'],
    [
      { CALENDAR_FETCH_ALLOW_PRIVATE: 'yes' },
      'CALENDAR_FETCH_ALLOW_PRIVATE: expected true or false (true only for tests and on-premise installs)',
    ],
    [
      { TIMELINE_LINK_TTL_DAYS: '0' },
      'TIMELINE_LINK_TTL_DAYS: expected whole days a picture link stays valid (1-90)',
    ],
    [
      { TIMELINE_FONT_FILE: '/fonts/dejavu' },
      'TIMELINE_FONT_FILE: expected the path of a .ttf, .otf or .ttc font file',
    ],
    [{ TEAMS_AUTH: 'no' }, 'TEAMS_AUTH: expected on or off (off only for local development)'],
    [{ TEAMS_APP_TENANT_ID: 'contoso' }, 'TEAMS_APP_TENANT_ID: expected an Entra tenant id (a GUID)'],
    [{ TEAMS_TOKEN_URL: 'not a url' }, 'TEAMS_TOKEN_URL: expected the OAuth 2.0 token endpoint'],
    [{ TEAMS_TENANT_MODE: 'multi' }, 'TEAMS_TENANT_MODE: expected single or installed'],
    [
      { SLACK_BOT_TOKEN: 'xoxp-user-token' },
      'SLACK_BOT_TOKEN: expected a Slack bot token starting with xoxb-',
    ],
  ])('names the variable and what it expects: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a bad secret value in its message', () => {
    const secret = 'not-base64-but-very-secret-value';
    expect(() => loadConfig({ ENCRYPTION_KEY: secret })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT: .*; LOG_LEVEL: /);
  });

  it('enables a surface only with its credentials', () => {
    expect(enabledSurfaces(loadConfig({}))).toEqual(['console']);
    expect(enabledSurfaces(loadConfig({ SLACK_SIGNING_SECRET: 's', TEAMS_APP_ID: 'a' }))).toEqual([
      'console',
      'slack',
    ]);
    expect(enabledSurfaces(loadConfig({ TEAMS_APP_ID: 'a', TEAMS_APP_PASSWORD: 'p' }))).toEqual([
      'console',
      'teams',
    ]);
    expect(enabledSurfaces(loadConfig({ TEAMS_AUTH: 'off' }))).toEqual(['console', 'teams']);
  });

  it('gives Teams its documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      TEAMS_AUTH: 'on',
      TEAMS_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      TEAMS_TENANT: 'demo',
      TEAMS_TENANT_MODE: 'single',
    });
    expect(loadConfig({}).TEAMS_TOKEN_URL).toBeUndefined();
  });
});
