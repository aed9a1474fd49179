// Who may do what: every route names one permission (api/route.ts) and this table says which roles hold it.
import type { StaffRole } from '../../db/schema';

export const ROLES = ['admin', 'manager', 'preparer', 'reviewer'] as const satisfies readonly StaffRole[];

export const PERMISSIONS = {
  /** Read the practice's records: clients, years, steps, audit, alerts, the dashboard. */
  read: ['admin', 'manager', 'preparer', 'reviewer'],
  /** Add, change, import and delete clients. */
  'clients:write': ['admin', 'manager'],
  /** Start and cancel tax years, one client or in bulk. */
  'years:control': ['admin', 'manager'],
  /** Enter figures, submit them for review, record a client's confirmation or a payment. */
  'steps:prepare': ['admin', 'manager', 'preparer'],
  /** Approve or reject what a preparer submitted (never one's own: the workflow enforces four eyes). */
  'steps:review': ['admin', 'manager', 'reviewer'],
  /** Try a failed step again, or acknowledge a step that only needs noting. */
  'steps:retry': ['admin', 'manager', 'preparer', 'reviewer'],
  /** Connect HMRC and FreeAgent, override category mappings. */
  'practice:configure': ['admin'],
  /** Add staff, change roles, reset passwords, deactivate. */
  'staff:manage': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHolds(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}
