// ESLint flat config: the recommended JavaScript and typescript-eslint rules, plus the layer boundaries
// that keep the architecture from drifting (see docs/architecture.md):
//   src/domain    imports nothing outside src/domain (pure rules: no I/O, no packages, no gen/);
//   src/app       never imports src/storage, src/transport, gen/, mongodb or grpc (it depends on the store port);
//   gen/          is imported only by src/transport (wire types stop at the transport);
//   src/storage and src/transport never import each other;
//   in src/app/replica the committer reads through the follower, never the reverse, and the
//   projection (with the port types it uses) imports no package and no Node built-in: the
//   TypeScript SDK compiles it in as it is.
// The rule resolves each import against the importing file, so `../../gen/ts/x` and `../storage/y`
// are caught whatever the depth of the file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Repository-relative path of what `source` names when imported from `file`, or undefined for a package. */
function importedPath(file, source) {
  if (!source.startsWith('.')) return undefined;
  return path.relative(root, path.resolve(path.dirname(file), source)).split(path.sep).join('/');
}

const inside = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);

/** What a change means, and the types it is written in: compiled into the SDK, so it must run anywhere. */
const PORTABLE = new Set(['src/app/replica/projection.ts', 'src/app/policy-store.ts', 'src/app/recent-requests.ts']);

/** Why importing `source` from `file` crosses a layer boundary, or undefined when it is allowed. */
function boundaryViolation(file, source) {
  const from = path.relative(root, file).split(path.sep).join('/');
  const to = importedPath(file, source);
  if (inside(from, 'src/domain')) {
    if (to === undefined) return `src/domain is pure: it imports no package ('${source}')`;
    if (!inside(to, 'src/domain')) return `src/domain imports nothing outside itself ('${source}')`;
    return undefined;
  }
  if (to !== undefined && inside(to, 'gen') && !inside(from, 'src/transport') && inside(from, 'src')) {
    return `only src/transport imports gen/ ('${source}')`;
  }
  if (inside(from, 'src/app')) {
    if (to === undefined && /^(mongodb|@grpc\/)/.test(source)) return `src/app uses no store or wire library; that belongs in src/storage or src/transport ('${source}')`;
    for (const layer of ['src/storage', 'src/transport']) {
      if (to !== undefined && inside(to, layer)) return `src/app never imports ${layer}; depend on the store port or a use case instead ('${source}')`;
    }
  }
  if (PORTABLE.has(from)) {
    if (to === undefined) return `${from} is shared with the SDK: no package or Node built-in ('${source}')`;
    if (!inside(to, 'src/domain') && !PORTABLE.has(`${to}.ts`)) return `${from} is shared with the SDK: it imports only src/domain and the other shared files ('${source}')`;
  }
  if (inside(from, 'src/app/replica') && from !== 'src/app/replica/committer.ts' && from !== 'src/app/replica/index.ts' && to !== undefined && (to === 'src/app/replica/committer' || to === 'src/app/replica/index' || to === 'src/app/replica')) {
    return `the committer depends on the follower and the projection, never the reverse ('${source}')`;
  }
  if (inside(from, 'src/storage') && to !== undefined && inside(to, 'src/transport')) return `src/storage never imports src/transport ('${source}')`;
  if (inside(from, 'src/transport') && to !== undefined && inside(to, 'src/storage')) return `src/transport never imports src/storage; go through a use case ('${source}')`;
  return undefined;
}

const layers = {
  rules: {
    'import-boundaries': {
      meta: { type: 'problem', docs: { description: 'Keep domain, app, storage and transport layered' }, schema: [] },
      create(context) {
        const check = (node) => {
          if (!node.source || typeof node.source.value !== 'string') return;
          const why = boundaryViolation(context.filename, node.source.value);
          if (why) context.report({ node: node.source, message: why });
        };
        const checkCall = (node) => {
          // require('…') and import('…') cross layers just as well as a static import.
          const callee = node.type === 'ImportExpression' ? undefined : node.callee;
          const arg = node.type === 'ImportExpression' ? node.source : node.arguments[0];
          if (callee && !(callee.type === 'Identifier' && callee.name === 'require')) return;
          if (!arg || arg.type !== 'Literal' || typeof arg.value !== 'string') return;
          const why = boundaryViolation(context.filename, arg.value);
          if (why) context.report({ node: arg, message: why });
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          TSImportEqualsDeclaration(node) {
            const ref = node.moduleReference;
            if (ref.type === 'TSExternalModuleReference' && typeof ref.expression.value === 'string') {
              const why = boundaryViolation(context.filename, ref.expression.value);
              if (why) context.report({ node: ref.expression, message: why });
            }
          },
          CallExpression: checkCall,
          ImportExpression: checkCall,
        };
      },
    },
  },
};

export default defineConfig(
  { ignores: ['gen/**', 'dist/**', 'node_modules/**', '.tools/**', 'clients/**', 'examples/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' },
    },
    plugins: { layers },
    rules: {
      'layers/import-boundaries': 'error',
      // Unused names are already errors in tsc (noUnusedLocals/Parameters); `_`-prefixed ones are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The widget is a browser ES module served as is.
    files: ['widget/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { window: 'readonly', document: 'readonly', HTMLElement: 'readonly', customElements: 'readonly', CSSStyleSheet: 'readonly', CustomEvent: 'readonly', fetch: 'readonly', location: 'readonly', URLSearchParams: 'readonly' },
    },
  },
);
