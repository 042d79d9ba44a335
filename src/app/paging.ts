// AIP-158 paging shared by the list use cases: signed page tokens (bound to their purpose and filter,
// checked in O(1), so a forged or edited one costs nothing) and page sizes (0 = default, above the
// maximum read as the maximum).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FieldViolation } from '../domain/policy';
import { RequestConstraint } from './request-rules';
import type { RequestLimits } from './service-context';

const signature = (key: Buffer, purpose: string, payload: string): Buffer => createHmac('sha256', key).update(`${purpose}.${payload}`).digest().subarray(0, 16);

export function signPageToken(key: Buffer, purpose: string, cursor: object): string {
  const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${payload}.${signature(key, purpose, payload).toString('base64url')}`;
}

/** The cursor a token carries, or undefined when it was not issued by this deployment for `purpose`. */
export function verifyPageToken<T>(key: Buffer, purpose: string, token: string): T | undefined {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0 || token.length > 512) return undefined;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(key, purpose, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
}

export function pageSizeViolations(pageSize: number, limits: RequestLimits): FieldViolation[] {
  if (Number.isInteger(pageSize) && pageSize >= 0) return [];
  return [
    {
      field: 'page_size',
      constraint: RequestConstraint.PAGE_SIZE_OUT_OF_RANGE,
      description: `must be 0 (default ${limits.defaultPageSize}) or more; above ${limits.maxPageSize} is read as ${limits.maxPageSize}`,
    },
  ];
}

/** AIP-158: 0 is the default, above the maximum is read as the maximum. */
export const pageLimit = (pageSize: number, limits: RequestLimits): number => (pageSize === 0 ? limits.defaultPageSize : Math.min(pageSize, limits.maxPageSize));

export const pageTokenViolation = (): FieldViolation => ({
  field: 'page_token',
  constraint: RequestConstraint.PAGE_TOKEN_INVALID,
  description: 'must be a next_page_token returned for the same organization_id',
});
