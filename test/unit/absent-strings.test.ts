// Issue 26: the generated TypeScript stubs sent a string field a JavaScript caller left out as the
// nine characters "undefined" (so a caller omitting request_id got REQUEST_ID_REUSED on its second
// write). Every request of both services, with every string field absent, must encode to nothing.
import { SessionPolicyAdminServiceService } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { SessionPolicyResolverServiceService } from '../../gen/ts/sessionpolicy/v1/resolver_service';

interface MethodDefinition {
  readonly path: string;
  requestSerialize(value: unknown): Buffer;
  requestDeserialize(bytes: Buffer): unknown;
}

const methods = [SessionPolicyAdminServiceService, SessionPolicyResolverServiceService].flatMap((service) => Object.values(service) as MethodDefinition[]);
const stringFields = (message: unknown): string[] => Object.entries(message as Record<string, unknown>).filter(([, v]) => v === '').map(([k]) => k);

describe('when a caller leaves out every string field of a request', () => {
  it.each(methods.filter((m) => stringFields(m.requestDeserialize(Buffer.alloc(0))).length > 0).map((m) => [m.path, m] as const))('then %s encodes them as absent', (_path, method) => {
    const defaults = method.requestDeserialize(Buffer.alloc(0)) as Record<string, unknown>;
    const absent = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, v === '' ? undefined : v]));
    const bytes = method.requestSerialize(absent);
    expect({ fields: stringFields(defaults), bytes: bytes.length, text: bytes.toString('latin1') }).toEqual({ fields: stringFields(defaults), bytes: 0, text: '' });
  });

  it('then the methods that take a request_id are among those checked', () => {
    const withRequestId = methods.filter((m) => stringFields(m.requestDeserialize(Buffer.alloc(0))).includes('requestId')).map((m) => m.path.split('/').pop());
    expect(withRequestId).toEqual(expect.arrayContaining(['UpdateOrganizationSessionPolicy', 'UpdateSessionRules', 'RevokeSessions']));
  });
});
