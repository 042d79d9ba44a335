// Benchmark-only EchoService: the call boundary's full cost (auth, log line, metrics) with no policy
// work, so a benchmark can tell transport overhead from resolution cost.
import { requireResolver } from '../app/authorize';
import type { EchoServiceServer } from '../../gen/ts/sessionpolicy/bench/v1/echo_service';
import type { CallBoundary } from './call-boundary';

export function echoHandlers(boundary: CallBoundary): EchoServiceServer {
  return {
    echo: boundary.unary('sessionpolicy.bench.v1.EchoService/Echo', (r) => r.organizationIds.join(','), async (request, { caller }) => {
      requireResolver(caller, request.organizationIds, 'echo');
      return { organizationIds: request.organizationIds };
    }),
  };
}
