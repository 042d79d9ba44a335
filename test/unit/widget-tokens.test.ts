// Widget tokens are stateless: any instance with the same secret accepts them until they expire.
import { PolicyError } from '../../src/app/errors';
import { WidgetTokens } from '../../src/app/widget-tokens';

const SECRET = 'x'.repeat(32);

function rejection(verify: () => unknown): { status: string; reason: string } {
  try {
    verify();
  } catch (error) {
    if (error instanceof PolicyError) return { status: error.status, reason: error.reason };
    throw error;
  }
  throw new Error('expected the token to be rejected');
}

describe('when a widget token is minted', () => {
  it('then another instance with the same secret accepts it as widget:<subject> of that organization', () => {
    const { token } = new WidgetTokens(SECRET, () => 1_000).mint('org-1', 'alice', 60_000);
    expect(new WidgetTokens(SECRET, () => 2_000).verify(token)).toEqual({ kind: 'widget', actor: 'widget:alice', organizationId: 'org-1', subject: 'alice' });
  });

  it('then it is UNAUTHENTICATED once expired, under another secret, or with its claims edited', () => {
    const { token } = new WidgetTokens(SECRET, () => 1_000).mint('org-1', 'alice', 60_000);
    expect(rejection(() => new WidgetTokens(SECRET, () => 61_000).verify(token))).toEqual({ status: 'UNAUTHENTICATED', reason: 'WIDGET_TOKEN_EXPIRED' });
    expect(rejection(() => new WidgetTokens('y'.repeat(32), () => 2_000).verify(token))).toEqual({ status: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    const [payload, signature] = token.slice('spw1_'.length).split('.');
    const edited = Buffer.from(Buffer.from(payload ?? '', 'base64url').toString().replace('org-1', 'org-2')).toString('base64url');
    expect(rejection(() => new WidgetTokens(SECRET, () => 2_000).verify(`spw1_${edited}.${signature}`))).toEqual({ status: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
  });
});
