import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { byActor } from '../../shared/audit-log.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../tenancy/roles.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';

const roleNames = ROLES.map((role) => `${role.replace('tenant_', '')} (${ROLE_LABELS[role]})`).join(', ');

/** `admin` or `tenant_admin`, `staff`, … to a Role; anything else stays as typed for the schema to refuse. */
const roleWord = z
  .string()
  .transform((word) => word.toLowerCase().replace(/^admin$/, 'tenant_admin'))
  .pipe(z.enum(ROLES, { error: `expected one of ${roleNames}` }));

/**
 * `/promote @someone staff`: an admin changes someone's role. People reached from a platform start
 * with the tenant's default role; this is how an admin lifts a publisher colleague to staff or admin.
 * The last admin cannot step down.
 */
export const peoplePromote = defineCommand({
  name: 'people.promote',
  summary: 'Change someone’s role (admins only)',
  examples: ['/promote @sven-johansson staff'],
  roles: ['tenant_admin'],
  effect: 'write',
  input: z.object({
    /** A creator handle, or a platform identity such as `slack:U0123ABC`. */
    person: z.string().trim().min(1, { error: 'name someone, like @ana' }).max(80),
    role: roleWord,
  }),
  chat: {
    command: 'promote',
    usage: '/promote @someone admin|staff|creator|viewer',
    parse(line) {
      const [role, ...rest] = line.words;
      refuseExtraWords({ ...line, words: rest });
      if (!line.mentions[0])
        throw new AppError('commands.bad_args', 'person: name someone to promote, like @ana');
      return { person: line.mentions[0], role: (role ?? '') as Role };
    },
    format: (input) => `/promote @${input.person} ${input.role.replace('tenant_', '')}`,
  },
  async handle(context, input) {
    const { people } = context.stores;
    const target = await people.findByReference(input.person.replace(/^@/, ''));
    if (!target) throw new AppError('tenancy.unknown_user', `No one called @${input.person} here.`);
    if (target.userId === context.actor.userId && input.role !== 'tenant_admin') {
      if ((await people.countWithRole('tenant_admin')) <= 1) {
        throw new AppError('tenancy.last_admin', 'You are the only admin: promote someone else first.');
      }
    }
    if (target.role !== input.role) {
      await people.setRole(target.userId, input.role);
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'user.role_changed',
        entity: 'user',
        entityId: target.userId,
        oldValues: { role: target.role },
        newValues: { role: input.role },
      });
    }
    return { result: { displayName: target.displayName, previous: target.role, role: input.role } };
  },
  present: ({ displayName, previous, role }) => ({
    isPrivate: true,
    blocks: [
      {
        kind: 'notice',
        tone: 'success',
        text: `${displayName} is now ${ROLE_LABELS[role]} (was ${ROLE_LABELS[previous]}).`,
      },
    ],
  }),
});

export const promoteGroup: CommandGroup = {
  name: 'promote',
  summary: 'Change someone’s role (admins only)',
  commands: [peoplePromote],
};
