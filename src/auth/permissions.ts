/**
 * Who may do what: the one permission matrix. Routes check it with `requirePermission('<name>')`;
 * `docs/security.md` carries the same table (a unit test keeps them equal), and `GET /auth/me` answers a
 * caller's permissions so pages can hide what a role cannot use.
 */
import { type Role, roles } from './actor';

export interface PermissionDefinition {
  /** The roles granted this permission. */
  roles: readonly Role[];
  description: string;
  /**
   * Reads under this permission show PHI (parties, timelines, amounts), so each is written to the audit
   * log like a mutation is.
   */
  auditReads?: boolean;
}

const staff = ['specialist', 'lead', 'manager', 'admin'] as const satisfies readonly Role[];
const leads = ['lead', 'manager', 'admin'] as const satisfies readonly Role[];
const managers = ['manager', 'admin'] as const satisfies readonly Role[];

export const permissions = {
  'api.read': {
    roles: staff,
    description: "read the OpenAPI description and one's own identity and permissions",
  },
  'claims.read': {
    roles: staff,
    description: 'read a claim: its facts, parties, follow-up, work items, timeline and appeal packets',
    auditReads: true,
  },
  'claims.create': { roles: staff, description: 'register claims' },
  'claims.parties.write': {
    roles: staff,
    description: "give or correct a claim's subscriber, patient and billing provider",
  },
  'claims.act': {
    roles: staff,
    description:
      'act on a claim: notes, snooze, reschedule, assign, corrections, documents, appeals and appeal packets, payments, denials, flags, and close other than a write-off',
  },
  'claims.write_off': {
    roles: leads,
    description: 'close a claim as written off',
  },
  'claims.bulk': {
    roles: leads,
    description: 'act on many claims at once by a filter (bulk pause, resume, reassign)',
  },
  'reference.read': { roles: staff, description: 'read cadence profiles and payer rule sets' },
  'reference.write': {
    roles: leads,
    description: "change a key account's cadence profile, or a payer's rule set or appeal contact",
  },
  'payers.read': { roles: staff, description: 'read payer outages and appeal contacts' },
  'ingest.x12': {
    roles: [...leads, 'ingestion'],
    description: 'post X12 files (835, 277, 277CA, 999) for ingestion',
  },
  'ingest.read': {
    roles: staff,
    description: 'read ingested events that reached no open claim',
    auditReads: true,
  },
  'simulator.read': {
    roles: staff,
    description: "read the simulated payer's scripts, behaviour and requests",
  },
  'simulator.write': { roles: leads, description: 'script the simulated payer and set its behaviour' },
  'audit.read': { roles: managers, description: 'read the audit log', auditReads: true },
  'keys.manage': { roles: ['admin'], description: 'create, list and revoke API keys' },
} as const satisfies Record<string, PermissionDefinition>;

export type Permission = keyof typeof permissions;
export const permissionNames = Object.keys(permissions) as Permission[];

export function isPermission(name: string): name is Permission {
  return Object.hasOwn(permissions, name);
}

/** Whether `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission].roles as readonly Role[]).includes(role);
}

/** Every permission `role` holds, in matrix order. */
export function permissionsOf(role: Role): Permission[] {
  return permissionNames.filter((permission) => can(role, permission));
}

/** Whether reads under `permission` are audited (PHI). */
export function auditsReads(permission: Permission): boolean {
  const definition: PermissionDefinition = permissions[permission];
  return definition.auditReads === true;
}

/** The matrix as table rows: permission, one `yes` or empty cell per role, what it allows. */
export function permissionTableRows(): string[][] {
  return permissionNames.map((permission) => {
    const definition: PermissionDefinition = permissions[permission];
    return [
      `\`${permission}\``,
      ...roles.map((role) => (can(role, permission) ? 'yes' : '')),
      `${definition.description}${definition.auditReads ? ' (reads are audited)' : ''}`,
    ];
  });
}

/** The matrix as the Markdown table of `docs/security.md`. */
export function permissionTableMarkdown(): string {
  const header = ['permission', ...roles, 'what it allows'];
  return [header, header.map(() => '---'), ...permissionTableRows()]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');
}
