// Etags are opaque to clients but carry the record kind and version, so an etag of another resource
// kind is recognised as stale rather than silently compared.
import { ErrorReason, PolicyError } from './errors';

export type EtagKind = 'application-policy' | 'organization-policy' | 'organization-settings' | 'application-rules' | 'organization-rules';

const PREFIX: Record<EtagKind, string> = {
  'application-policy': 'ap',
  'organization-policy': 'op',
  'organization-settings': 'os',
  'application-rules': 'ar',
  'organization-rules': 'or',
};

export function formatEtag(kind: EtagKind, version: number): string {
  return `"${PREFIX[kind]}${version}"`;
}

/** True when `etag` is absent (no precondition) or names exactly this kind and version. */
export function etagMatches(etag: string, kind: EtagKind, version: number): boolean {
  return etag === '' || etag === formatEtag(kind, version);
}

/** Syntactically valid etag of any kind (a malformed one is INVALID_ARGUMENT, not ABORTED). */
export function isWellFormedEtag(etag: string): boolean {
  return etag === '' || /^"(ap|op|os|ar|or)\d{1,15}"$/.test(etag);
}

export function etagMismatch(what: string, etag: string, current: string): PolicyError {
  return new PolicyError('ABORTED', ErrorReason.ETAG_MISMATCH, `${what} has changed since etag ${etag} was read`, {
    metadata: { etag, currentEtag: current },
  });
}
