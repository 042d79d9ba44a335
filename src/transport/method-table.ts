// The services both faces serve, each method bound once (methods.ts).
import type { ServiceContext } from '../app/service-context';
import { adminMethods } from './admin-methods';
import type { MethodTable } from './methods';
import { resolverMethods } from './resolver-methods';

export function methodTable(ctx: ServiceContext): MethodTable {
  return [adminMethods(ctx), resolverMethods(ctx)];
}
