import { defineCommand } from '../../core/commands/command.ts';
import { notice, privateReply } from '../../core/commands/reply.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { ROLE_LABELS, type Role } from '../../core/tenancy/roles.ts';
import type { Database } from '../../db/database.ts';
import { parseRole, roleNames, setUserRole } from './identity.ts';

/**
 * `/align promote @someone staff`: an admin changes someone's role. People reached from Slack start
 * with the tenant's default role; this is how an admin lifts a publisher colleague to staff or admin.
 */
export function promoteCommand(database: Database) {
  return defineCommand<{ target: string; role: Role }>({
    name: 'promote',
    summary: 'Change someone’s role (admins only)',
    usage: '/promote @someone admin|staff|creator|viewer',
    examples: ['/promote @ana staff'],
    roles: ['tenant_admin'],
    parse(line) {
      const target = line.mentions[0];
      const role = parseRole(line.words[0]);
      if (!target) throw new AppError('commands.bad_args', 'Name someone to promote, like @ana');
      if (!role) throw new AppError('commands.bad_args', `Role: expected one of ${roleNames()}`);
      return { target, role };
    },
    async run(context, { target, role }) {
      const changed = await setUserRole(database, context.tenant.id, { by: context.actor, target, role });
      return privateReply(
        notice(
          'success',
          `${changed.displayName} is now ${ROLE_LABELS[role]} (was ${ROLE_LABELS[changed.previous]}).`,
        ),
      );
    },
  });
}
