// Error statuses stay small whatever the client sent, and grpc-js's own log lines carry no credential.
import fc from 'fast-check';
import { invalidArgument, PolicyError, ErrorReason } from '../../../src/app/errors';
import { clip, ECHO_LIMIT } from '../../../src/transport/bounded-text';
import { deadlineExceeded, ERROR_DOMAIN, mapError, mapForeignStatus } from '../../../src/transport/error-status';
import { redactCredentials } from '../../../src/logger';
import { Status } from '../../../gen/ts/google/rpc/status';
import { ErrorInfo, RetryInfo } from '../../../gen/ts/google/rpc/error_details';

const trailerBytes = (error: ReturnType<typeof mapError>['error']): number =>
  encodeURI(error.details).length + Math.ceil((error.metadata.get('grpc-status-details-bin')[0] as Buffer).length / 3) * 4;

describe('clip', () => {
  it('keeps short text and cuts long text to a marked prefix', () => {
    expect(clip('org-1')).toBe('org-1');
    const cut = clip('x'.repeat(10_000));
    expect(cut.startsWith('x'.repeat(ECHO_LIMIT))).toBe(true);
    expect(cut).toContain('[cut, 10000 chars]');
  });
});

describe('mapError', () => {
  it('keeps the status (message, ErrorInfo, BadRequest) under 4 KiB on the wire for any violations and metadata', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ field: fc.string({ unit: 'binary', maxLength: 3000 }), constraint: fc.string({ maxLength: 40 }), description: fc.string({ unit: 'binary', maxLength: 3000 }) }), { maxLength: 400 }),
        fc.dictionary(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 5000 }), { maxKeys: 40 }),
        (violations, metadata) => {
          const { error } = mapError(invalidArgument(violations, metadata));
          expect(trailerBytes(error)).toBeLessThan(4096);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hands the Connect face exactly the details the gRPC face sends, once mapped', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ field: fc.string({ maxLength: 300 }), constraint: fc.string({ maxLength: 40 }), description: fc.string({ maxLength: 300 }) }), { maxLength: 40 }), (violations) => {
        const mapped = mapError(invalidArgument(violations));
        const sent = Status.decode(mapped.error.metadata.get('grpc-status-details-bin')[0] as Buffer);
        expect(mapped.statusDetails.map((d) => [d.typeUrl, Buffer.from(d.value).toString('hex')])).toEqual(sent.details.map((d) => [d.typeUrl, Buffer.from(d.value).toString('hex')]));
        expect(sent.message).toBe(mapped.error.details);
      }),
      { numRuns: 100 },
    );
  });

  it('names the service as the ErrorInfo domain and adds RetryInfo to UNAVAILABLE and ABORTED only', () => {
    const details = (e: PolicyError) => Status.decode(mapError(e).error.metadata.get('grpc-status-details-bin')[0] as Buffer).details;
    const unavailable = details(new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'down'));
    expect(ErrorInfo.decode(unavailable[0]!.value).domain).toBe(ERROR_DOMAIN);
    expect(RetryInfo.decode(unavailable.find((d) => d.typeUrl.endsWith('RetryInfo'))!.value).retryDelay?.seconds).toBe(1n);
    expect(details(new PolicyError('ABORTED', ErrorReason.ETAG_MISMATCH, 'stale')).some((d) => d.typeUrl.endsWith('RetryInfo'))).toBe(true);
    expect(details(new PolicyError('NOT_FOUND', ErrorReason.INVALID_ARGUMENT, 'x')).some((d) => d.typeUrl.endsWith('RetryInfo'))).toBe(false);
  });

  it('tells a rate-limited caller its own wait in RetryInfo, and a caller at a revocation cap none (waiting does not help)', () => {
    const details = (e: PolicyError) => Status.decode(mapError(e).error.metadata.get('grpc-status-details-bin')[0] as Buffer).details;
    const limited = details(new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.RATE_LIMITED, 'slow down', { metadata: { retryAfterMs: '1250' } }));
    const delay = RetryInfo.decode(limited.find((d) => d.typeUrl.endsWith('RetryInfo'))!.value).retryDelay;
    expect([delay?.seconds, delay?.nanos]).toEqual([1n, 250_000_000]);
    expect(details(new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.REVOCATION_LIMIT_REACHED, 'full')).some((d) => d.typeUrl.endsWith('RetryInfo'))).toBe(false);
  });

  it('gives grpc-js statuses our shape: DEADLINE_EXCEEDED keeps its code with its own reason, UNKNOWN becomes INTERNAL', () => {
    const deadline = mapForeignStatus({ code: 4, details: 'Deadline exceeded' });
    expect([deadline.error.code, deadline.reason]).toEqual([4, 'DEADLINE_EXCEEDED']);
    // Whichever timer answers a passed deadline, grpc-js's or ours, the caller reads the same status.
    expect(deadline.error.details).toBe(mapError(deadlineExceeded()).error.details);
    expect(mapForeignStatus({ code: 2, details: 'oops' }).error.code).toBe(13);
  });

  it('answers what grpc-js refuses by itself as the client fault it is, never INTERNAL', () => {
    const cases: [number, string, number, string][] = [
      [8, 'Received message larger than max (82280 vs 65536)', 8, 'MESSAGE_TOO_LARGE'],
      [8, 'Received message that decompresses to a size larger than 65536', 8, 'MESSAGE_TOO_LARGE'],
      [13, 'Failed to decompress message', 3, 'MALFORMED_REQUEST'],
      [13, 'Error deserializing request', 3, 'MALFORMED_REQUEST'],
      [13, 'Invalid grpc-timeout value "soon"', 3, 'MALFORMED_TIMEOUT'],
      [12, 'The server does not implement the method /x.Y/Z', 12, 'UNIMPLEMENTED'],
      [12, 'Received message compressed with unsupported encoding "br"', 12, 'UNIMPLEMENTED'],
    ];
    for (const [code, message, expectedCode, reason] of cases) {
      const mapped = mapForeignStatus({ code, details: message });
      expect([mapped.error.code, mapped.reason]).toEqual([expectedCode, reason]);
      expect(mapped.error.metadata.get('grpc-status-details-bin')).toHaveLength(1);
    }
    // A long unknown method name is echoed cut.
    expect(mapForeignStatus({ code: 12, details: `The server does not implement the method /${'x'.repeat(5000)}` }).error.details.length).toBeLessThan(400);
  });
});

describe('redactCredentials', () => {
  it('removes a bearer token however it is followed, including by a no-break space', () => {
    const token = 'spt_admin_0123456789abcdef0123456789abcdef';
    for (const line of [
      `Failed to add metadata entry authorization: Bearer ${token}\u00a0. Metadata string value "Bearer ${token}\u00a0" contains illegal characters`,
      `authorization=Bearer ${token}é`,
      `Bearer ${token}`,
      `header: eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl`,
    ]) {
      const redacted = redactCredentials(line);
      expect(redacted).not.toContain(token.slice(0, 16));
      expect(redacted).not.toContain('eyJzdWIiOiJhbGljZSJ9');
    }
  });
});
