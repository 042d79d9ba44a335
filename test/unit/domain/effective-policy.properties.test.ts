// Properties of resolution and evaluation over generated policies, beyond the hand-picked tables.
import fc from 'fast-check';
import {
  evaluateSession,
  resolveEffectivePolicy,
  type ApplicationPolicy,
  type EffectivePolicy,
  type OrganizationState,
  type PolicySource,
} from '../../../src/domain';

// Small value ranges make ties between layers frequent, which is where provenance rules bite.
const minutes = fc.integer({ min: 1, max: 40 });

const applicationArb: fc.Arbitrary<ApplicationPolicy> = fc
  .record({ accessToken: minutes, idleGap: minutes, absoluteGap: minutes, idleEnabled: fc.boolean() })
  .map(({ accessToken, idleGap, absoluteGap, idleEnabled }) => ({
    accessTokenMinutes: accessToken,
    idleEnabled,
    idleMinutes: idleEnabled ? accessToken + idleGap : 0,
    absoluteMinutes: accessToken + idleGap + absoluteGap,
  }));

const organizationArb = (organizationId: string): fc.Arbitrary<OrganizationState> =>
  fc.record({
    organizationId: fc.constant(organizationId),
    sessionPolicyEnabled: fc.boolean(),
    policy: fc.oneof(
      fc.constant({ source: 'APPLICATION' as const }),
      fc.record({ absoluteMinutes: fc.integer({ min: 1, max: 150 }) }).map(({ absoluteMinutes }) => ({ source: 'CUSTOM' as const, absoluteMinutes, idleEnabled: false })),
      fc
        .record({ absoluteMinutes: fc.integer({ min: 1, max: 150 }), idleMinutes: fc.integer({ min: 1, max: 150 }) })
        .map(({ absoluteMinutes, idleMinutes }) => ({ source: 'CUSTOM' as const, absoluteMinutes, idleEnabled: true, idleMinutes })),
    ),
  });

const IDS = ['org-a', 'org-b', 'org-c', 'org-d', 'org-e', 'org-f'];
const organizationsArb: fc.Arbitrary<OrganizationState[]> = fc
  .subarray(IDS)
  .chain((ids) => fc.tuple(...ids.map(organizationArb)))
  .map((organizations) => [...organizations]);

const isActiveCustom = (o: OrganizationState): boolean => o.sessionPolicyEnabled && o.policy.source === 'CUSTOM';

/** Whether `tighter` is at least as strict as `looser` on every value. */
function noLooser(tighter: EffectivePolicy, looser: EffectivePolicy): boolean {
  if (tighter.absoluteMinutes.value > looser.absoluteMinutes.value) return false;
  if (looser.idleMinutes === undefined) return true;
  return tighter.idleMinutes !== undefined && tighter.idleMinutes.value <= looser.idleMinutes.value;
}

describe('resolveEffectivePolicy properties', () => {
  it('is never looser than the application policy', () => {
    fc.assert(
      fc.property(applicationArb, organizationsArb, (application, organizations) => {
        const effective = resolveEffectivePolicy(application, organizations);
        expect(effective.absoluteMinutes.value).toBeLessThanOrEqual(application.absoluteMinutes);
        expect(effective.accessTokenMinutes.value).toBe(application.accessTokenMinutes);
        if (application.idleEnabled) {
          expect(effective.idleEnabled.value).toBe(true);
          expect(effective.idleMinutes?.value).toBeLessThanOrEqual(application.idleMinutes);
        }
      }),
    );
  });

  it('is never looser than any active custom organization', () => {
    fc.assert(
      fc.property(applicationArb, organizationsArb, (application, organizations) => {
        const effective = resolveEffectivePolicy(application, organizations);
        for (const { policy } of organizations.filter(isActiveCustom)) {
          if (policy.source !== 'CUSTOM') continue;
          expect(effective.absoluteMinutes.value).toBeLessThanOrEqual(policy.absoluteMinutes);
          if (policy.idleMinutes !== undefined) {
            expect(effective.idleEnabled.value).toBe(true);
            expect(effective.idleMinutes?.value).toBeLessThanOrEqual(policy.idleMinutes);
          }
        }
      }),
    );
  });

  it('names a source that really holds each value', () => {
    const valueAt = (application: ApplicationPolicy, organizations: OrganizationState[], source: PolicySource, key: 'absoluteMinutes' | 'idleMinutes') => {
      if (source.layer === 'APPLICATION') return application[key];
      const organization = organizations.find((o) => o.organizationId === source.organizationId && isActiveCustom(o));
      return organization?.policy.source === 'CUSTOM' ? organization.policy[key] : undefined;
    };
    fc.assert(
      fc.property(applicationArb, organizationsArb, (application, organizations) => {
        const effective = resolveEffectivePolicy(application, organizations);
        expect(valueAt(application, organizations, effective.absoluteMinutes.source, 'absoluteMinutes')).toBe(effective.absoluteMinutes.value);
        if (effective.idleMinutes !== undefined) {
          expect(valueAt(application, organizations, effective.idleMinutes.source, 'idleMinutes')).toBe(effective.idleMinutes.value);
        }
      }),
    );
  });

  it('never loosens when the user joins another organization', () => {
    fc.assert(
      fc.property(applicationArb, organizationsArb, organizationArb('org-z'), (application, organizations, added) => {
        const before = resolveEffectivePolicy(application, organizations);
        const after = resolveEffectivePolicy(application, [...organizations, added]);
        expect(noLooser(after, before)).toBe(true);
      }),
    );
  });

  it('does not depend on the order of the organizations, values and sources alike', () => {
    fc.assert(
      fc.property(
        applicationArb,
        organizationsArb.chain((organizations) =>
          fc.tuple(fc.constant(organizations), fc.shuffledSubarray(organizations, { minLength: organizations.length, maxLength: organizations.length })),
        ),
        (application, [organizations, shuffled]) => {
          expect(resolveEffectivePolicy(application, shuffled)).toEqual(resolveEffectivePolicy(application, organizations));
        },
      ),
    );
  });
});

describe('evaluateSession properties', () => {
  const SKEW = 60_000;
  const sessionArb = fc
    .record({
      application: applicationArb,
      organizations: organizationsArb,
      start: fc.integer({ min: 0, max: 10_000_000 }),
      earlierActivity: fc.integer({ min: 0, max: 10_000_000 }),
      laterBy: fc.integer({ min: 0, max: 10_000_000 }),
      nowAfterLatest: fc.integer({ min: -SKEW, max: 20_000_000 }),
    })
    .map(({ application, organizations, start, earlierActivity, laterBy, nowAfterLatest }) => {
      const earlier = start + earlierActivity;
      const later = earlier + laterBy;
      return { policy: resolveEffectivePolicy(application, organizations), start, earlier, later, now: later + nowAfterLatest };
    });

  it('never moves the next deadline earlier when the last activity moves later', () => {
    fc.assert(
      fc.property(sessionArb, ({ policy, start, earlier, later, now }) => {
        const before = evaluateSession(policy, { sessionStartMs: start, lastActivityMs: earlier }, now, SKEW);
        const after = evaluateSession(policy, { sessionStartMs: start, lastActivityMs: later }, now, SKEW);
        if (!before.ok || !after.ok) throw new Error('generated sessions are valid');
        expect(after.value.nextDeadlineMs).toBeGreaterThanOrEqual(before.value.nextDeadlineMs);
      }),
    );
  });

  it('is expired exactly when the evaluation time has reached the next deadline', () => {
    fc.assert(
      fc.property(sessionArb, ({ policy, start, later, now }) => {
        const evaluation = evaluateSession(policy, { sessionStartMs: start, lastActivityMs: later }, now, SKEW);
        if (!evaluation.ok) throw new Error('generated sessions are valid');
        expect(evaluation.value.expired).toBe(now >= evaluation.value.nextDeadlineMs);
        expect(evaluation.value.reason !== undefined).toBe(evaluation.value.expired);
      }),
    );
  });
});
