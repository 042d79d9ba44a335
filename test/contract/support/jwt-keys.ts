// An ES256 key pair for org-admin JWTs in tests: the private key signs, the public key is written to
// a file, as JWT_PUBLIC_KEY_FILE takes it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, type KeyLike } from 'jose';

export async function testJwtKeys(): Promise<{ readonly privateKey: KeyLike; readonly keyFile: string }> {
  const keys = await generateKeyPair('ES256');
  const keyFile = join(mkdtempSync(join(tmpdir(), 'spol-jwt-')), 'public.pem');
  writeFileSync(keyFile, await exportSPKI(keys.publicKey));
  return { privateKey: keys.privateKey, keyFile };
}
