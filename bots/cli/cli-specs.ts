/**
 * What every `session-align` command accepts, declared once: `--help` is generated from it, every line
 * is checked against it before anything opens the database or reaches a running server
 * (cli-usage.ts), and each command parses its own arguments with the same `options` (they are
 * node:util parseArgs options with a placeholder and a help text added).
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in the usage line (`SLUG`); string options only. */
  value?: string;
  help: string;
  default?: string;
  isRequired?: boolean;
}

export interface CommandSpec {
  /** One line, for the command list. */
  summary: string;
  /** What else a newcomer needs to know, shown under the usage. */
  about?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments; none are accepted without this. */
  args?: { usage: string; min: number; max: number };
  /** `tenants create`, `calendar import`: the first positional picks one. */
  verbs?: Readonly<Record<string, CommandSpec>>;
  /** The verb run when none is given (`tenants` lists). */
  defaultVerb?: string;
}

const JSON_OUT = { type: 'boolean', help: 'print JSON instead of text' } as const;
const TENANT = (help: string) => ({ type: 'string', value: 'SLUG', help, default: 'demo' }) as const;
const SLUG_ARG = { usage: 'SLUG', min: 1, max: 1 } as const;

export const CLI_SPECS = {
  serve: {
    summary: 'run the HTTP server (what npm start runs)',
    about:
      'Runs until SIGINT or SIGTERM. Settings come from environment variables (PORT, DATA_DIR, DATABASE_URL, …: see the README). On a fresh DATA_DIR it creates the embedded database and seeds the demo tenant.',
    options: {},
  },
  worker: {
    summary: 'run BullMQ job workers (needs REDIS_URL and DATABASE_URL)',
    about: 'Runs until SIGINT or SIGTERM, finishing the jobs in progress.',
    options: {},
  },
  migrate: {
    summary: 'apply pending database migrations',
    about: 'Says which migrations it applied, or that the database is up to date.',
    options: {},
  },
  seed: {
    summary: 'seed a deterministic demo roster',
    about:
      'Creates the tenant and its console admin if needed, then the roster; running it again adds nothing.',
    options: {
      tenant: TENANT('the tenant to seed (created if missing; default demo)'),
      creators: {
        type: 'string',
        value: 'N',
        help: 'how many creators, 0-100000 (default 40)',
        default: '40',
      },
      seed: { type: 'string', value: 'S', help: 'the random seed, a whole number (default 1)', default: '1' },
    },
  },
  chat: {
    summary: 'the console chat (a REPL, or one line with --once)',
    about:
      'Type /help for the commands, /quit to leave. With --once the exit code is 1 when the answer is an error (bad input, refused, unknown command), 0 otherwise.',
    options: {
      tenant: TENANT('the tenant (default demo)'),
      as: {
        type: 'string',
        value: 'USER',
        help: 'a console identity: admin or a creator handle (default admin)',
        default: 'admin',
      },
      once: { type: 'string', value: '"TEXT"', help: 'answer this one line and exit' },
    },
  },
  tenants: {
    summary: 'manage tenants: list, create, suspend, reactivate',
    defaultVerb: 'list',
    options: {},
    verbs: {
      list: { summary: 'every tenant with its status and plan (the default)', options: { json: JSON_OUT } },
      create: {
        summary: 'a new tenant and its first admin',
        about:
          'The admin (role tenant_admin) can chat at once: session-align chat --tenant SLUG --as admin. A slug that exists already is an error and changes nothing.',
        args: SLUG_ARG,
        options: {
          name: { type: 'string', value: 'NAME', help: 'the display name (default: the slug)' },
          plan: { type: 'string', value: 'free|team|enterprise', help: 'the plan (default free)' },
          'admin-email': {
            type: 'string',
            value: 'EMAIL',
            help: "the admin's e-mail address (a Slack user with it, verified, links to the admin)",
          },
        },
      },
      suspend: { summary: 'stop a tenant from being served', args: SLUG_ARG, options: {} },
      reactivate: { summary: 'serve a suspended tenant again', args: SLUG_ARG, options: {} },
    },
  },
  calendar: {
    summary: 'import busy time from an ICS file',
    options: {},
    verbs: {
      import: {
        summary: 'busy time for one creator from an ICS file',
        about:
          'Times only. At most 2 MB, with the same bounds as fetched feeds; importing the same label again replaces that calendar.',
        args: { usage: 'FILE.ics', min: 1, max: 1 },
        options: {
          tenant: TENANT('the tenant (default demo)'),
          creator: { type: 'string', value: 'HANDLE', help: "the creator's handle", isRequired: true },
          label: { type: 'string', value: 'LABEL', help: "the calendar's name (default: the file name)" },
        },
      },
    },
  },
  overlap: {
    summary: 'common free windows for an availability query (JSON on stdin)',
    about: 'Reads one JSON query on stdin and prints the windows as one JSON line.',
    options: { json: { type: 'boolean', help: 'input and output are JSON (required)' } },
  },
  availability: {
    summary: 'read availability written in plain words (JSON on stdin)',
    options: {},
    verbs: {
      parse: {
        summary: 'what the plain-word reader understands in a reply',
        about:
          'Reads {"text":S,"timeZone":IANA,"now":ISO} on stdin and prints {"understood":[{"kind","start","end","rrule"?}],"notUnderstood":[S…]} as one JSON line, in time order, each time with the creator\'s UTC offset on that date. Bad input: exit 1 and one line naming the field.',
        options: { json: { type: 'boolean', help: 'input and output are JSON', isRequired: true } },
      },
    },
  },
  import: {
    summary: 'import a roster from CSV, with a report per row',
    about:
      'Valid rows are imported, bad ones reported and held back; re-running is idempotent. Exit 0 whenever the import ran.',
    args: { usage: 'creators.csv [credits.csv]', min: 1, max: 2 },
    options: {
      tenant: { type: 'string', value: 'SLUG', help: 'the tenant to import into', isRequired: true },
      json: { type: 'boolean', help: 'print the report as JSON' },
    },
  },
  export: {
    summary: 'print a tenant’s creators.csv or credits.csv, ready to import again',
    about:
      "CSV on stdout with the columns the import reads, a page at a time. A cell that starts like a formula (=, +, -, @) gets a leading ' (the import takes it off again). Exit 1 when the output is incomplete.",
    options: {},
    verbs: {
      roster: {
        summary: 'creators.csv: every creator, with genres, roles, city, availability',
        options: {
          tenant: { type: 'string', value: 'SLUG', help: 'the tenant to export', isRequired: true },
        },
      },
      credits: {
        summary: 'credits.csv: every credit of every creator',
        options: {
          tenant: { type: 'string', value: 'SLUG', help: 'the tenant to export', isRequired: true },
        },
      },
    },
  },
  commands: {
    summary: 'list every command (with --json: names, roles and input JSON Schemas)',
    options: { json: { type: 'boolean', help: 'one JSON array with each input as JSON Schema (2020-12)' } },
  },
  pair: {
    summary: 'ranked pairing suggestions for queries on stdin (JSON or JSON Lines)',
    about: 'One JSON answer per query, in order. The query is /pair’s own input; k is its limit (1-50).',
    options: { json: { type: 'boolean', help: 'input and output are JSON (required)' } },
  },
  matching: {
    summary: 'learned pair-score weights: fit, show, pin, unpin',
    defaultVerb: 'show',
    options: {},
    verbs: {
      fit: {
        summary: "learn the tenant's weights from its own dated credits, and store them",
        about:
          'Time slices of the credits (history to a year, new co-writing pairs in the two years after) train a ranking fit; later slices held out give the validation score. Fewer than 30 new pairs keeps the weights as they are. Pinned weights are not replaced.',
        options: { tenant: TENANT('the tenant (default demo)'), json: JSON_OUT },
      },
      show: {
        summary: 'the weights in use, where each came from, and the last fit (the default)',
        options: { tenant: TENANT('the tenant (default demo)'), json: JSON_OUT },
      },
      pin: {
        summary: "an admin's manual weights, which a fit never overwrites",
        options: {
          tenant: TENANT('the tenant (default demo)'),
          weights: {
            type: 'string',
            value: 'NAME=N,…',
            help: 'weights to pin, e.g. graph=0.1,popularity=0.3 (the rest: defaults)',
            isRequired: true,
          },
        },
      },
      unpin: {
        summary: 'let the next fit replace the weights again',
        options: { tenant: TENANT('the tenant (default demo)') },
      },
    },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof CLI_SPECS;
