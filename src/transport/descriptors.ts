// buf's descriptor sets (gen/descriptor), the one description of our messages that both reflection
// and the HTTP face's proto3 JSON codec read, so neither re-derives the schema from generated code.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

/** Finds gen/descriptor whether running from src/ (tsx, ts-jest) or from the compiled dist/src/. */
export function descriptorDir(): string {
  for (const up of ['../..', '../../..']) {
    const candidate = resolve(__dirname, up, 'gen/descriptor');
    if (existsSync(resolve(candidate, 'sessionpolicy.binpb'))) return candidate;
  }
  throw new Error('gen/descriptor/sessionpolicy.binpb not found; run npm run generate');
}

let registry: FileRegistry | undefined;

/** Every message of the service (and the google.protobuf / google.rpc types they use), by full name. */
export function protoRegistry(): FileRegistry {
  registry ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(resolve(descriptorDir(), 'sessionpolicy.binpb'))));
  return registry;
}
