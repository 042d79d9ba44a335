// Makes the generated TypeScript encoders write an absent (undefined) string field as absent.
//
// ts-proto (useOptionals=none) guards a proto3 string field with `if (message.x !== "")`, so a
// JavaScript caller that leaves the field out passes the guard and @bufbuild/protobuf's writer sends
// String(undefined), the 9 characters "undefined": a caller omitting request_id got REQUEST_ID_REUSED
// on its second write. ts-proto has no option for this guard alone; useOptionals=all adds it but also
// makes every field optional in the types, which every reader of a decoded message would then have to
// default again. So this rewrites the one guard, after every generation, and fails when it finds none
// (a ts-proto that generates another shape must be looked at, not silently left unguarded).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'gen/ts';
const GUARD = /if \(message\.(\w+) !== ""\) \{/g;
let rewritten = 0;

function visit(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) visit(path);
    else if (entry.name.endsWith('.ts')) {
      const before = readFileSync(path, 'utf8');
      const after = before.replace(GUARD, (_, field) => {
        rewritten += 1;
        return `if (message.${field} !== undefined && message.${field} !== "") {`;
      });
      if (after !== before) writeFileSync(path, after);
    }
  }
}

visit(root);
if (rewritten === 0) {
  console.error(`absent-strings-as-absent: no 'if (message.x !== "")' guard under ${root}; re-check against this ts-proto`);
  process.exit(1);
}
