// Calls with hand-made bodies and metadata (what a broken or hostile client sends), and the size of
// what comes back in trailers.
import { Client, credentials, Metadata, type ServiceError, type ClientOptions } from '@grpc/grpc-js';
import { ErrorInfo } from '../../../gen/ts/google/rpc/error_details';
import { Status } from '../../../gen/ts/google/rpc/status';

/** `message` as one gRPC length-prefixed frame (flag 1: compressed), for calls over raw HTTP/2. */
export function grpcFrame(message: Uint8Array, flag = 0): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame[0] = flag;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** The ErrorInfo in raw HTTP/2 trailers' grpc-status-details-bin, if they carry one. */
export function errorInfoIn(trailers: Record<string, unknown>): ErrorInfo | undefined {
  const details = trailers['grpc-status-details-bin'];
  if (details === undefined) return undefined;
  const info = Status.decode(Buffer.from(String(details), 'base64')).details.find((d) => d.typeUrl.endsWith('/google.rpc.ErrorInfo'));
  return info && ErrorInfo.decode(info.value);
}

export interface RawOutcome {
  readonly code: number;
  readonly details: string;
  /** The trailers as sent (binary values base64, as on the wire), in bytes. */
  readonly trailerBytes: number;
  readonly metadata: Metadata | undefined;
  readonly elapsedMs: number;
}

export function trailerBytes(metadata: Metadata | undefined, details = ''): number {
  let n = 'grpc-status: 0'.length + 'grpc-message: '.length + encodeURI(details).length;
  for (const [key, value] of Object.entries(metadata?.getMap() ?? {})) {
    n += key.length + 2 + (Buffer.isBuffer(value) ? Math.ceil(value.length / 3) * 4 : String(value).length);
  }
  return n;
}

const identity = (b: Buffer): Buffer => b;

export class RawClient {
  readonly client: Client;
  constructor(address: string, options: ClientOptions = {}) {
    this.client = new Client(address, credentials.createInsecure(), options);
  }

  /** A unary call of `path` with `body` as the raw message bytes. */
  unary(path: string, body: Buffer, metadata: Metadata, deadlineMs = 5000): Promise<RawOutcome> {
    const started = Date.now();
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(path, identity, identity, body, metadata, { deadline: Date.now() + deadlineMs }, (error: ServiceError | null) => {
        resolve({
          code: error?.code ?? 0,
          details: error?.details ?? '',
          trailerBytes: trailerBytes(error?.metadata, error?.details),
          metadata: error?.metadata,
          elapsedMs: Date.now() - started,
        });
      });
    });
  }

  /** A server-streaming call: reads (and discards) messages until the status arrives. */
  serverStream(path: string, body: Buffer, metadata: Metadata, deadlineMs = 5000): Promise<RawOutcome> {
    const started = Date.now();
    return new Promise((resolve) => {
      const stream = this.client.makeServerStreamRequest(path, identity, identity, body, metadata, { deadline: Date.now() + deadlineMs });
      stream.on('data', () => undefined);
      stream.on('error', () => undefined);
      stream.on('status', (s: { code: number; details: string; metadata: Metadata }) =>
        resolve({ code: s.code, details: s.details, trailerBytes: trailerBytes(s.metadata, s.details), metadata: s.metadata, elapsedMs: Date.now() - started }),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
