// Request-shape rules that are not session-policy rules: id lists, etags, paging, feature names.
import { validateOrganizationId } from '../domain/validation';
import type { FieldViolation } from '../domain/policy';
import { isWellFormedEtag } from './etag';
import { KNOWN_FEATURES } from './policy-store';
import type { RequestLimits } from './service-context';

export const RequestConstraint = {
  ORGANIZATION_ID_REPEATED: 'ORGANIZATION_ID_REPEATED',
  TOO_MANY_ORGANIZATION_IDS: 'TOO_MANY_ORGANIZATION_IDS',
  ETAG_MALFORMED: 'ETAG_MALFORMED',
  PAGE_SIZE_OUT_OF_RANGE: 'PAGE_SIZE_OUT_OF_RANGE',
  PAGE_TOKEN_INVALID: 'PAGE_TOKEN_INVALID',
  FEATURE_UNKNOWN: 'FEATURE_UNKNOWN',
  FEATURE_REPEATED: 'FEATURE_REPEATED',
  FEATURES_REQUIRED: 'FEATURES_REQUIRED',
  FIELD_REQUIRED: 'FIELD_REQUIRED',
  REVISION_NEGATIVE: 'REVISION_NEGATIVE',
  REQUEST_ID_MALFORMED: 'REQUEST_ID_MALFORMED',
  REQUEST_ID_REUSED: 'REQUEST_ID_REUSED',
} as const;

const violation = (field: string, constraint: string, description: string): FieldViolation => ({ field, constraint, description });

export function organizationIdViolations(organizationId: string, limits: RequestLimits, field = 'organizationId'): FieldViolation[] {
  return validateOrganizationId(organizationId, limits.organizationIdPattern).map((v) => ({ ...v, field }));
}

export function organizationIdListViolations(organizationIds: readonly string[], limits: RequestLimits): FieldViolation[] {
  if (organizationIds.length > limits.maxOrganizationIds) {
    return [
      violation(
        'organizationIds',
        RequestConstraint.TOO_MANY_ORGANIZATION_IDS,
        `at most ${limits.maxOrganizationIds} organization ids per call, got ${organizationIds.length}`,
      ),
    ];
  }
  const seen = new Set<string>();
  const out: FieldViolation[] = [];
  organizationIds.forEach((id, i) => {
    out.push(...organizationIdViolations(id, limits, `organizationIds[${i}]`));
    if (seen.has(id)) out.push(violation(`organizationIds[${i}]`, RequestConstraint.ORGANIZATION_ID_REPEATED, `organization id "${id}" is listed more than once`));
    seen.add(id);
  });
  return out;
}

export function etagViolations(etag: string): FieldViolation[] {
  return isWellFormedEtag(etag) ? [] : [violation('etag', RequestConstraint.ETAG_MALFORMED, 'etag must be one returned by this service, or empty')];
}

export function featureViolations(features: readonly { name: string }[], field: string): FieldViolation[] {
  if (features.length === 0) return [violation(field, RequestConstraint.FEATURES_REQUIRED, 'list at least one feature to change')];
  const seen = new Set<string>();
  const out: FieldViolation[] = [];
  features.forEach((f, i) => {
    if (!(KNOWN_FEATURES as readonly string[]).includes(f.name)) {
      out.push(violation(`${field}[${i}].name`, RequestConstraint.FEATURE_UNKNOWN, `unknown feature "${f.name}"; known: ${KNOWN_FEATURES.join(', ')}`));
    } else if (seen.has(f.name)) {
      out.push(violation(`${field}[${i}].name`, RequestConstraint.FEATURE_REPEATED, `feature "${f.name}" is listed more than once`));
    }
    seen.add(f.name);
  });
  return out;
}

/** AIP-155 request ids: optional; a UUID is recommended, any 1-64 characters of [A-Za-z0-9._:-] accepted. */
export function requestIdViolations(requestId: string): FieldViolation[] {
  return requestId === '' || /^[A-Za-z0-9._:-]{1,64}$/.test(requestId)
    ? []
    : [violation('request_id', RequestConstraint.REQUEST_ID_MALFORMED, 'request_id must be 1-64 characters of [A-Za-z0-9._:-] (a UUID is recommended)')];
}
