// The http2-level hook beneath grpc-js gives grpc-js's own statuses our shape and leaves every other
// header block alone.
import { status } from '@grpc/grpc-js';
import { completedStatus } from '../../../src/transport/grpc-js-answers';
import { ErrorInfo } from '../../../gen/ts/google/rpc/error_details';
import { Status } from '../../../gen/ts/google/rpc/status';

describe('completedStatus', () => {
  it('turns grpc-js\'s bare INTERNAL for an undecompressable body into INVALID_ARGUMENT with ErrorInfo', () => {
    const out = completedStatus({ ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-status': status.INTERNAL, 'grpc-message': encodeURI('Failed to decompress message') });
    expect(out['grpc-status']).toBe(status.INVALID_ARGUMENT);
    expect(out[':status']).toBe(200);
    const details = Status.decode(Buffer.from(String(out['grpc-status-details-bin']), 'base64')).details;
    expect(ErrorInfo.decode(details[0]!.value).reason).toBe('MALFORMED_REQUEST');
    expect(decodeURIComponent(String(out['grpc-message']))).toContain('could not be decompressed');
  });

  it('leaves response headers, OK trailers and statuses that already carry details untouched', () => {
    const headers = { ':status': 200, 'content-type': 'application/grpc+proto' };
    expect(completedStatus(headers)).toBe(headers);
    const ok = { 'grpc-status': 0, 'grpc-message': 'OK' };
    expect(completedStatus(ok)).toBe(ok);
    const ours = { 'grpc-status': 3, 'grpc-message': 'x', 'grpc-status-details-bin': 'AAAA' };
    expect(completedStatus(ours)).toBe(ours);
  });

  it('takes a message grpc-js did not percent-encode as it is', () => {
    const out = completedStatus({ 'grpc-status': status.UNIMPLEMENTED, 'grpc-message': 'The server does not implement the method /a%zz' });
    expect(out['grpc-status']).toBe(status.UNIMPLEMENTED);
    expect(decodeURIComponent(String(out['grpc-message']))).toContain('/a%zz');
  });
});
