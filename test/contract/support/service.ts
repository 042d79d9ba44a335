// Starts the real service in-process on 127.0.0.1:0 against a real store, with test credentials.
import { randomBytes } from 'node:crypto';
import { credentials, Metadata, type ChannelCredentials } from '@grpc/grpc-js';
import { loadConfig, type Config } from '../../../src/config';
import { startService, type RunningService } from '../../../src/service';
import { sha256Hex } from '../../../src/transport/authenticate';
import { recordCredential, serviceLogger } from './run-log';
import { SessionPolicyAdminServiceClient } from '../../../gen/ts/sessionpolicy/v1/admin_service';
import { SessionPolicyResolverServiceClient } from '../../../gen/ts/sessionpolicy/v1/resolver_service';

export const ADMIN_TOKEN = recordCredential(`spt_admin_${randomBytes(16).toString('hex')}`);
export const READER_TOKEN = recordCredential(`spt_reader_${randomBytes(16).toString('hex')}`);
export const TEST_SERVICE_TOKENS = `admin:admin:${sha256Hex(ADMIN_TOKEN)},reader:read:${sha256Hex(READER_TOKEN)}`;

export function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${recordCredential(token)}`);
  return metadata;
}

export const asAdmin = (): Metadata => bearer(ADMIN_TOKEN);

export function testConfig(mongodbUri: string, database: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    SESSION_POLICY_LISTEN: '127.0.0.1:0',
    MONGODB_URI: mongodbUri,
    MONGODB_DATABASE: database,
    SERVICE_TOKENS: TEST_SERVICE_TOKENS,
    LOG_LEVEL: 'silent',
    REPLICA_POLL_INTERVAL_MS: '50',
    SHUTDOWN_GRACE_MS: '2000',
    ...env,
  });
}

export interface TestService {
  readonly service: RunningService;
  readonly admin: SessionPolicyAdminServiceClient;
  readonly resolver: SessionPolicyResolverServiceClient;
  readonly address: string;
  stop(): Promise<void>;
}

export async function startTestService(config: Config, channel: ChannelCredentials = credentials.createInsecure()): Promise<TestService> {
  const service = await startService(config, serviceLogger('service'));
  const address = `127.0.0.1:${service.port}`;
  const admin = new SessionPolicyAdminServiceClient(address, channel);
  const resolver = new SessionPolicyResolverServiceClient(address, channel);
  return {
    service,
    admin,
    resolver,
    address,
    async stop() {
      admin.close();
      resolver.close();
      await service.stop();
    },
  };
}
