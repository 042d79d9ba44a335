// The rule the product exists for: an organization can only tighten the application policy.
import type { ApplicationPolicy, EffectivePolicy, OrganizationState, PolicySource, Resolved } from './policy';

const APPLICATION: PolicySource = { layer: 'APPLICATION' };

/**
 * The policy for a user of these organizations (DESIGN §2.3). Only CUSTOM organizations with their
 * session_policy feature on take part. Every tie goes to the application, then to the lowest
 * organization id, so neither input order nor a repeated organization changes the answer.
 */
export function resolveEffectivePolicy(application: ApplicationPolicy, organizations: readonly OrganizationState[]): EffectivePolicy {
  const active = organizations.flatMap((organization) =>
    organization.sessionPolicyEnabled && organization.policy.source === 'CUSTOM'
      ? [{ source: organizationSource(organization.organizationId), policy: organization.policy }]
      : [],
  );

  const absoluteMinutes = tightest([
    { value: application.absoluteMinutes, source: APPLICATION },
    ...active.map(({ source, policy }) => ({ value: policy.absoluteMinutes, source })),
  ]);

  // An organization that claims idle without a duration imposes no idle limit, so it does not enable idle either.
  const idleSides: Resolved<number>[] = [
    ...(application.idleEnabled ? [{ value: application.idleMinutes, source: APPLICATION }] : []),
    ...active.flatMap(({ source, policy }) => (policy.idleEnabled && policy.idleMinutes !== undefined ? [{ value: policy.idleMinutes, source }] : [])),
  ];
  const idleMinutes = idleSides.length > 0 ? tightest(idleSides) : undefined;
  const idleEnabled: Resolved<boolean> =
    idleSides.length > 0 ? { value: true, source: firstBySource(idleSides).source } : { value: false, source: APPLICATION };

  const accessTokenMinutes = { value: application.accessTokenMinutes, source: APPLICATION };
  return idleMinutes === undefined
    ? { absoluteMinutes, idleEnabled, accessTokenMinutes }
    : { absoluteMinutes, idleEnabled, idleMinutes, accessTokenMinutes };
}

function organizationSource(organizationId: string): PolicySource {
  return { layer: 'ORGANIZATION', organizationId };
}

/** The smallest value; among equals the one whose source takes precedence. `sides` is never empty. */
function tightest(sides: readonly Resolved<number>[]): Resolved<number> {
  return sides.reduce((best, side) =>
    side.value < best.value || (side.value === best.value && precedes(side.source, best.source)) ? side : best,
  );
}

function firstBySource(sides: readonly Resolved<number>[]): Resolved<number> {
  return sides.reduce((first, side) => (precedes(side.source, first.source) ? side : first));
}

/** The application precedes every organization; organizations go by id in code-unit order. */
function precedes(a: PolicySource, b: PolicySource): boolean {
  if (b.layer === 'APPLICATION') return false;
  return a.layer === 'APPLICATION' || a.organizationId < b.organizationId;
}
