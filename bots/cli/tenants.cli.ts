import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import type { Plan } from '../../core/tenancy/tenant.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { createTenantWithAdmin } from '../../db/repositories/tenant-provisioning.ts';
import { type CliOutcome, fail, ok } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';
import { CLI_SPECS } from './cli-specs.ts';

/** The flag a field of the new tenant came from, so a bad value is named as the person typed it. */
const FLAG_OF: Record<string, string> = { name: '--name', plan: '--plan', adminEmail: '--admin-email' };

function inFlagTerms(error: unknown): never {
  const details = isAppError(error) ? error.details : undefined;
  const flag = typeof details?.field === 'string' ? FLAG_OF[details.field] : undefined;
  if (flag && isAppError(error))
    throw new AppError(error.code, `${flag}: expected ${String(details!.expected)}`, details);
  throw error;
}

/** `session-align tenants`: the operator's list / create / suspend / reactivate. */
export async function tenantsCli(argv: string[]): Promise<CliOutcome> {
  // The line was checked against the spec of its action (cli-usage.ts); this reads it.
  const { verbs } = CLI_SPECS.tenants;
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...verbs.list.options, ...verbs.create.options },
  });
  const [action = 'list', slug = ''] = positionals;
  return withRuntime(async (runtime) => {
    const directory = databaseTenantDirectory(runtime.database);
    switch (action) {
      case 'list': {
        const tenants = await directory.list();
        if (values.json) return ok(`${JSON.stringify({ tenants })}\n`);
        if (tenants.length === 0)
          return ok('No tenants yet. Create one: session-align tenants create SLUG [--name NAME]\n');
        const lines = tenants.map(
          (t) => `${t.slug.padEnd(24)} ${t.status.padEnd(10)} ${t.plan.padEnd(11)} ${t.name}`,
        );
        return ok(
          `${'SLUG'.padEnd(24)} ${'STATUS'.padEnd(10)} ${'PLAN'.padEnd(11)} NAME\n${lines.join('\n')}\n`,
        );
      }
      case 'create': {
        const { tenant, admin } = await createTenantWithAdmin(runtime.database, {
          slug,
          name: values.name ?? slug,
          ...(values.plan ? { plan: values.plan as Plan } : {}),
          ...(values['admin-email'] ? { adminEmail: values['admin-email'] } : {}),
        }).catch(inFlagTerms);
        return ok(
          `Created tenant "${tenant.slug}" (${tenant.name}, plan ${tenant.plan}) with its first admin, "${admin.displayName}"${admin.email ? ` <${admin.email}>` : ''}.\n` +
            `Chat as them: session-align chat --tenant ${tenant.slug} --as ${admin.consoleIdentity}\n`,
        );
      }
      case 'suspend':
      case 'reactivate': {
        const tenant = await directory.setStatus(
          slug,
          action === 'suspend' ? 'suspended' : 'active',
          'operator (cli)',
        );
        return ok(`Tenant "${tenant.slug}" is ${tenant.status}.\n`);
      }
      default:
        return fail(`tenants: unknown action "${action}"\n`, 2);
    }
  });
}
