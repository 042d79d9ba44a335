// grpc-js answers a body that fails to decode with a bare INTERNAL, before any interceptor sees the call.
// Decoding here never throws: an undecodable body becomes an UndecodableRequest, which the
// rejectUndecodable interceptor answers INVALID_ARGUMENT (MALFORMED_REQUEST), logged like any call.
import type { ServiceDefinition } from '@grpc/grpc-js';

export class UndecodableRequest {
  constructor(readonly cause: unknown) {}
}

export function withTolerantDecoding<T extends ServiceDefinition>(definition: T): T {
  const tolerant = Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      {
        ...method,
        requestDeserialize: (bytes: Buffer): unknown => {
          try {
            return method.requestDeserialize(bytes);
          } catch (error) {
            return new UndecodableRequest(error);
          }
        },
      },
    ]),
  );
  return tolerant as T;
}
