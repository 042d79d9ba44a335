import { resolveEffectivePolicy, type ApplicationPolicy, type EffectivePolicy, type OrganizationState, type PolicySource } from '../../../src/domain';

const APP: PolicySource = { layer: 'APPLICATION' };
const org = (organizationId: string): PolicySource => ({ layer: 'ORGANIZATION', organizationId });
const application: ApplicationPolicy = { absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 60, accessTokenMinutes: 15 };
const noIdleApplication: ApplicationPolicy = { ...application, idleEnabled: false, idleMinutes: 0 };

const custom = (organizationId: string, absoluteMinutes: number, idleMinutes?: number, sessionPolicyEnabled = true): OrganizationState => ({
  organizationId,
  sessionPolicyEnabled,
  policy:
    idleMinutes === undefined
      ? { source: 'CUSTOM', absoluteMinutes, idleEnabled: false }
      : { source: 'CUSTOM', absoluteMinutes, idleEnabled: true, idleMinutes },
});
const inheriting = (organizationId: string): OrganizationState => ({ organizationId, sessionPolicyEnabled: true, policy: { source: 'APPLICATION' } });

interface Expected {
  absolute: [number, PolicySource];
  idleEnabled: [boolean, PolicySource];
  idle?: [number, PolicySource];
}
const effective = ({ absolute, idleEnabled, idle }: Expected, accessTokenMinutes = 15): EffectivePolicy => ({
  absoluteMinutes: { value: absolute[0], source: absolute[1] },
  idleEnabled: { value: idleEnabled[0], source: idleEnabled[1] },
  ...(idle === undefined ? {} : { idleMinutes: { value: idle[0], source: idle[1] } }),
  accessTokenMinutes: { value: accessTokenMinutes, source: APP },
});
const APPLICATION_ONLY = effective({ absolute: [1440, APP], idleEnabled: [true, APP], idle: [60, APP] });

describe('resolveEffectivePolicy', () => {
  it.each<[string, ApplicationPolicy, OrganizationState[], EffectivePolicy]>([
    ['no organizations: the application policy', application, [], APPLICATION_ONLY],
    ['an APPLICATION organization adds nothing', application, [inheriting('org-a')], APPLICATION_ONLY],
    ['a CUSTOM organization with the feature off is ignored', application, [custom('org-a', 480, 30, false)], APPLICATION_ONLY],
    [
      'tighter organization values win and name the organization',
      application,
      [custom('org-a', 480, 30)],
      effective({ absolute: [480, org('org-a')], idleEnabled: [true, APP], idle: [30, org('org-a')] }),
    ],
    ['looser organization values never loosen', application, [custom('org-a', 2000, 120)], APPLICATION_ONLY],
    ['equal values: the application is the source', application, [custom('org-a', 1440, 60)], APPLICATION_ONLY],
    [
      'organization idle off contributes no idle limit',
      application,
      [custom('org-a', 480)],
      effective({ absolute: [480, org('org-a')], idleEnabled: [true, APP], idle: [60, APP] }),
    ],
    [
      'application idle off, organization idle on',
      noIdleApplication,
      [custom('org-a', 2000, 600)],
      effective({ absolute: [1440, APP], idleEnabled: [true, org('org-a')], idle: [600, org('org-a')] }),
    ],
    ['idle off everywhere', noIdleApplication, [custom('org-a', 480)], effective({ absolute: [480, org('org-a')], idleEnabled: [false, APP] })],
    [
      'each value from the tightest organization',
      application,
      [custom('org-a', 480, 45), custom('org-b', 720, 30)],
      effective({ absolute: [480, org('org-a')], idleEnabled: [true, APP], idle: [30, org('org-b')] }),
    ],
    [
      'a tie between organizations goes to the lowest id',
      application,
      [custom('org-b', 480, 30), custom('org-a', 480, 30), custom('org-c', 480, 30)],
      effective({ absolute: [480, org('org-a')], idleEnabled: [true, APP], idle: [30, org('org-a')] }),
    ],
    [
      'idle enabled by the lowest-id organization enabling it',
      noIdleApplication,
      [custom('org-c', 480, 30), custom('org-b', 480, 45), custom('org-a', 480)],
      effective({ absolute: [480, org('org-a')], idleEnabled: [true, org('org-b')], idle: [30, org('org-c')] }),
    ],
    [
      'a repeated organization counts once',
      application,
      [custom('org-a', 480, 30), custom('org-a', 480, 30)],
      effective({ absolute: [480, org('org-a')], idleEnabled: [true, APP], idle: [30, org('org-a')] }),
    ],
    [
      'ids compare by code unit, so upper case sorts first',
      application,
      [custom('org-a', 480), custom('ORG-Z', 480)],
      effective({ absolute: [480, org('ORG-Z')], idleEnabled: [true, APP], idle: [60, APP] }),
    ],
  ])('%s', (_case, app, organizations, expected) => {
    expect(resolveEffectivePolicy(app, organizations)).toEqual(expected);
  });

  it('takes the access-token lifetime from the application only', () => {
    expect(resolveEffectivePolicy({ ...application, accessTokenMinutes: 5 }, [custom('org-a', 480, 30)]).accessTokenMinutes).toEqual({ value: 5, source: APP });
  });

  it('treats an organization claiming idle without a duration as imposing no idle limit', () => {
    const malformed: OrganizationState = { organizationId: 'org-a', sessionPolicyEnabled: true, policy: { source: 'CUSTOM', absoluteMinutes: 480, idleEnabled: true } };
    expect(resolveEffectivePolicy(noIdleApplication, [malformed])).toEqual(effective({ absolute: [480, org('org-a')], idleEnabled: [false, APP] }));
  });
});
