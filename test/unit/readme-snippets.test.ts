// The README's TypeScript is what the stubs accept: every ```ts block is extracted and type-checked,
// strict, against gen/ts as the README imports it (from a project root: './gen/ts/…'), once as a
// CommonJS project and once as an ESM one (package.json "type": "module", moduleResolution nodenext),
// where gen/ts itself must compile too (its relative imports need their .js suffixes there).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');

function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/** Type-checks the project in `dir` (its files, its node_modules through the repo's); answers the errors. */
function typeErrors(dir: string, files: string[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(files.map((f) => join(dir, f)), { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], ...options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(dir, '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** A project directory inside the repository (so '@grpc/grpc-js' resolves from its node_modules) holding the snippets and a copy of gen/ts. */
function project(kind: 'commonjs' | 'module'): { dir: string; files: string[] } {
  mkdirSync(join(ROOT, '.tools'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tools', `readme-${kind}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: kind }));
  cpSync(join(ROOT, 'gen/ts'), join(dir, 'gen/ts'), { recursive: true });
  const blocks = tsBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  // The ESM spelling of the README's imports: a relative import names the file it loads.
  const files = blocks.map((code, i) => {
    const name = `snippet-${i}.ts`;
    writeFileSync(join(dir, name), kind === 'module' ? code.replace(/from '(\.\/gen\/ts\/[^']+)'/g, "from '$1.js'") : code);
    return name;
  });
  return { dir, files };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('the README has TypeScript snippets to check', () => {
  expect(tsBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(0);
});

it('every README TypeScript snippet type-checks strictly in a CommonJS project', () => {
  const { dir, files } = project('commonjs');
  dirs.push(dir);
  expect(typeErrors(dir, files, { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true })).toEqual([]);
}, 120_000);

it('gen/ts and every README TypeScript snippet type-check in an ESM project (module and moduleResolution nodenext)', () => {
  const { dir, files } = project('module');
  dirs.push(dir);
  expect(typeErrors(dir, [...files, 'gen/ts/sessionpolicy/v1/resolver_service.ts', 'gen/ts/sessionpolicy/v1/admin_service.ts'], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toEqual([]);
}, 120_000);
