// Authorization rules, checked before anything is read so that answers never reveal which
// organizations exist. Service tokens carry scopes; organization admins reach only their own org.
import { ErrorReason, PolicyError } from './errors';
import type { Caller, Scope } from './caller';

/** Callers bound to one organization (org-admin JWTs and widget tokens): that organization, else undefined. */
function boundOrganization(caller: Caller): string | undefined {
  return caller.kind === 'organization-admin' || caller.kind === 'widget' ? caller.organizationId : undefined;
}

function denied(caller: Caller, what: string, organizationId = ''): PolicyError {
  const permitted = boundOrganization(caller) ?? '';
  return new PolicyError(
    'PERMISSION_DENIED',
    permitted !== '' ? ErrorReason.ORGANIZATION_NOT_PERMITTED : ErrorReason.INSUFFICIENT_SCOPE,
    `the caller may not ${what}`,
    { metadata: { actor: caller.actor, ...(organizationId ? { organizationId } : {}), ...(permitted ? { permittedOrganizationId: permitted } : {}) } },
  );
}

function hasScope(caller: Caller, scope: Scope): boolean {
  if (caller.kind === 'anonymous-dev') return true;
  if (caller.kind !== 'service') return false;
  // policy:admin implies policy:read.
  return caller.scopes.has(scope) || caller.scopes.has('policy:admin');
}

/** Reading or changing the application policy, or every organization's history: platform admins. */
export function requirePlatformAdmin(caller: Caller, what: string): void {
  if (!hasScope(caller, 'policy:admin')) throw denied(caller, what);
}

/**
 * Reading the application policy: readers and platform admins, never an organization's admin. A widget
 * session may, because the widget shows the application's values its organization inherits.
 */
export function requirePlatformReader(caller: Caller, what: string): void {
  if (caller.kind === 'widget') return;
  if (!hasScope(caller, 'policy:read')) throw denied(caller, what);
}

/** Changing one organization: platform admins, or that organization's own admin. */
export function requireOrganizationAdmin(caller: Caller, organizationId: string, what: string): void {
  const bound = boundOrganization(caller);
  if (bound !== undefined ? bound === organizationId : hasScope(caller, 'policy:admin')) return;
  throw denied(caller, what, organizationId);
}

/** Reading one organization's stored policy or settings: readers, or that organization's own admin. */
export function requireOrganizationReader(caller: Caller, organizationId: string, what: string): void {
  const bound = boundOrganization(caller);
  if (bound !== undefined ? bound === organizationId : hasScope(caller, 'policy:read')) return;
  throw denied(caller, what, organizationId);
}

/** Resolving or evaluating for a set of organizations: readers; an org admin only for its own org. */
export function requireResolver(caller: Caller, organizationIds: readonly string[], what: string): void {
  const bound = boundOrganization(caller);
  if (bound !== undefined) {
    const other = organizationIds.find((id) => id !== bound);
    if (other === undefined && organizationIds.length > 0) return;
    throw denied(caller, what, other ?? '');
  }
  if (!hasScope(caller, 'policy:read')) throw denied(caller, what);
}
