import type { AuditLog } from '../../core/shared/audit-log.ts';
import type { Tx } from '../database.ts';
import { recordAudit } from '../repositories/audit.repository.ts';

/** The audit trail in the command's transaction: the change and its record commit together. */
export const auditStore = (tx: Tx, tenantId: string): AuditLog => ({
  record: (entry) => recordAudit(tx, { tenantId, ...entry }),
});
