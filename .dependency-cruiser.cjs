/**
 * Layer rules for Jiesu, checked by `npm run lint:deps` (dependency-cruiser 18).
 *
 *   src/domain       pure model: imports nothing outside src/domain (no npm packages, no node built-ins);
 *                    its *.test.ts files may additionally use vitest and fast-check
 *   src/application  use cases: must not reach into the adapters src/http, src/cli, src/jobs
 *   src/db           persistence: must not import src/http or src/cli
 *   web/             browser code: must not import anything from src/
 *
 * Type-only imports count too (tsPreCompilationDeps: true), so `import type` cannot bypass a layer.
 * Run: npx depcruise src --config .dependency-cruiser.cjs   (add `web` to the paths once web/ exists)
 */
const TEST_FILE = '[.]test[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain may import only other modules in src/domain: no npm packages and no node built-ins ' +
        '(not even node:assert). Move the I/O to src/application or an adapter and pass values in.',
      from: { path: '^src/domain/', pathNot: TEST_FILE },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'domain-tests-stay-in-domain',
      severity: 'error',
      comment:
        'Tests of src/domain may use the test tools (vitest, fast-check) but otherwise only src/domain: ' +
        'a domain test that needs a database or the file system belongs in another layer.',
      from: { path: `^src/domain/.*${TEST_FILE}` },
      to: { pathNot: ['^src/domain/', '^node_modules/(vitest|@vitest/[^/]+|fast-check)/'] },
    },
    {
      name: 'application-not-to-adapters',
      severity: 'error',
      comment:
        'src/application (use cases) must not depend on the delivery adapters src/http, src/cli or src/jobs; ' +
        'they depend on the application, not the other way round.',
      from: { path: '^src/application/' },
      to: { path: '^src/(http|cli|jobs)/' },
    },
    {
      name: 'db-not-to-delivery',
      severity: 'error',
      comment: 'src/db must not depend on src/http or src/cli.',
      from: { path: '^src/db/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'web-not-to-src',
      severity: 'error',
      comment: 'web/ (browser code) must not import server code from src/; share through the HTTP API.',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import cannot be resolved to a file on disk (typo, missing package, or a resolver ' +
        'misconfiguration that would otherwise hide layer violations).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      comment: 'This dependency is part of a cycle. Consider splitting the module or inverting the dependency.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // No `exclude`: excluding node_modules (or any `dist/` folder, where many packages keep their entry
    // point) would silently drop imports of those packages from the graph and from the rules.
    moduleSystems: ['es6', 'cjs'],
    // Resolve through tsconfig.json; imports use explicit `.ts` extensions (allowImportingTsExtensions).
    tsConfig: { fileName: 'tsconfig.json' },
    // Also see imports that vanish after compilation (`import type`, type-only re-exports).
    tsPreCompilationDeps: true,
    // Treat process.getBuiltinModule('fs') as an import too, so domain-is-pure sees it.
    detectProcessBuiltinModuleCalls: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.cts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
