/**
 * Who is calling: one shape for every edge (API, CLI, worker) and every use case. Routes get it from the
 * authentication middleware; the CLI and the worker act as a `system` actor. Use cases take the actor
 * (or at least its client scope) so that no read or write of a claim is unscoped outside admin paths.
 */

export const roles = ['specialist', 'lead', 'manager', 'admin', 'ingestion'] as const;
export type Role = (typeof roles)[number];

/** The clients whose claims an actor may see and touch: every client, or a list. */
export type ClientScope = 'all' | readonly string[];

export interface Actor {
  /** A stable id for timelines and the audit log: a user name, an e-mail, or `key:<key id>`. */
  id: string;
  role: Role;
  clients: ClientScope;
  via: 'api_key' | 'oidc' | 'system';
  /**
   * Which credential signed in, for the audit log: `key:<key id>`, `oidc:<subject>`, `cli:<user>`. Two
   * keys of one person share the actor id but not the credential.
   */
  credential?: string;
}

/** Whether a claim of `clientId` is inside `scope`. */
export function inScope(scope: ClientScope, clientId: string): boolean {
  return scope === 'all' || scope.includes(clientId);
}

/** The actor of work Tickler does on its own behalf (schedules, reconcilers, the CLI in-process). */
export function systemActor(id = 'tickler'): Actor {
  return { id, role: 'admin', clients: 'all', via: 'system' };
}
