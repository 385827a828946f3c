import { parseArgs } from 'node:util';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';

const USAGE =
  'Usage: session-align tenants [list] [--json]\n' +
  '       session-align tenants create SLUG --name NAME [--plan free|team|enterprise]\n' +
  '       session-align tenants suspend SLUG\n' +
  '       session-align tenants reactivate SLUG\n';

/** `session-align tenants`: the operator's list / create / suspend / reactivate. */
export async function tenantsCli(argv: string[]): Promise<CliOutcome> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      plan: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [action = 'list', slug] = positionals;
  return withRuntime(async (runtime) => {
    const directory = databaseTenantDirectory(runtime.database);
    switch (action) {
      case 'list': {
        const tenants = await directory.list();
        if (values.json) return ok(`${JSON.stringify({ tenants })}\n`);
        if (tenants.length === 0)
          return ok('No tenants yet. Create one: session-align tenants create SLUG --name NAME\n');
        const lines = tenants.map(
          (t) => `${t.slug.padEnd(24)} ${t.status.padEnd(10)} ${t.plan.padEnd(11)} ${t.name}`,
        );
        return ok(
          `${'SLUG'.padEnd(24)} ${'STATUS'.padEnd(10)} ${'PLAN'.padEnd(11)} NAME\n${lines.join('\n')}\n`,
        );
      }
      case 'create': {
        if (!slug || !values.name) return fail(`create needs a SLUG and --name\n${USAGE}`, 2);
        const tenant = await directory.create({
          slug,
          name: values.name,
          ...(values.plan ? { plan: values.plan as 'free' } : {}),
        });
        return ok(`Created tenant "${tenant.slug}" (${tenant.id}).\n`);
      }
      case 'suspend':
      case 'reactivate': {
        if (!slug) return fail(`${action} needs a SLUG\n${USAGE}`, 2);
        const tenant = await directory.setStatus(
          slug,
          action === 'suspend' ? 'suspended' : 'active',
          'operator (cli)',
        );
        return ok(`Tenant "${tenant.slug}" is ${tenant.status}.\n`);
      }
      default:
        return fail(`Unknown action "${action}".\n${USAGE}`, 2);
    }
  });
}
