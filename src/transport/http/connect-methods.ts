// The method table as Connect unary JSON: the bindings marked `http` (the org-admin methods, and the
// resolver so the widget can show effective values), run exactly as the gRPC face runs them, with
// proto3 JSON in and out through proto-json.ts.
import type { JsonValue } from '@bufbuild/protobuf';
import type { MethodDefinition } from '@grpc/grpc-js';
import { protoRegistry } from '../descriptors';
import { organizationOf, type CallContext, type MethodTable, type UnaryBinding } from '../methods';
import { ProtoJson } from './proto-json';

export interface ConnectMethod {
  /**
   * Decodes the proto3 JSON body strictly and admits it (INVALID_ARGUMENT before any use case runs);
   * answers the organization(s) the request names, for the log line, and the call that runs it.
   */
  accept(json: JsonValue): { readonly organizationId: string; run(call: CallContext): Promise<JsonValue> };
}

/** Paths are `/<package>.<Service>/<Method>`, exactly as Connect clients form them (and gRPC's). */
export function connectMethods(table: MethodTable): ReadonlyMap<string, ConnectMethod> {
  const methods = new Map<string, ConnectMethod>();
  for (const { definition, methods: bindings } of table) {
    for (const [name, binding] of Object.entries(bindings)) {
      const method = definition[name];
      if (binding.kind !== 'unary' || !binding.http || !method) continue;
      methods.set(method.path, connectMethod(method, binding));
    }
  }
  return methods;
}

/** The message types come from the method's descriptor, so a path can never pair with another message. */
function connectMethod(method: MethodDefinition<unknown, unknown>, binding: UnaryBinding<unknown, unknown>): ConnectMethod {
  const [service = '', name = ''] = method.path.slice(1).split('/');
  const descriptor = protoRegistry().getService(service)?.methods.find((m) => m.name === name);
  if (!descriptor) throw new Error(`${method.path} is not a method in gen/descriptor`);
  const requestJson = ProtoJson.of(descriptor.input.typeName, { serialize: method.requestSerialize, deserialize: method.requestDeserialize });
  const responseJson = ProtoJson.of(descriptor.output.typeName, { serialize: method.responseSerialize, deserialize: method.responseDeserialize });
  return {
    accept(json) {
      const request = requestJson.decode(json);
      binding.http?.admit?.(request);
      return { organizationId: organizationOf(request), run: async (call) => responseJson.encode(await binding.handle(request, call)) };
    },
  };
}
