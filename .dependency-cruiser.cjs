/**
 * The shape of the house, checked by `npm run lint:deps` (dependency-cruiser 18) in CI.
 *
 *   src/platform         config, database client and migrations, HTTP app and error mapper, crypto,
 *                        files, CLI runners: imports neither the engine nor a module
 *   src/engine           the ticket engine: imports the platform, never a module
 *   src/engine/domain    pure rules: imports nothing outside itself (no packages, no node built-ins);
 *                        its tests may use vitest and fast-check and the test builders in test/builders
 *   src/modules/<name>   one subsystem: imports the engine and the platform; another module only
 *                        through that module's index.ts; its *.domain.ts files are pure
 *   routes, presenters   never import tables or repositories (they call use cases)
 *   use cases            never import table types (rules types belong to the domain)
 *   src/modules/demo     imported by no other module, the engine or the platform (only by the
 *                        composition root and tests)
 *   src/main.ts, src/cli, src/schema.ts   the composition root: may import anything, imported by
 *                        nothing in src except each other
 *   test/builders        builders and fixtures of tests: imported by tests only, never by src/
 *   web/                 browser code: never imports server code from src/; inside web/src the modules
 *                        meet through their index.ts, shell and shared import no module (web/dependency-rules.cjs)
 *
 * Type-only imports count too (tsPreCompilationDeps: true), so `import type` cannot bypass a rule.
 */
const TEST_FILE = '[.]test[.]ts$';
const ROOT = '^src/(main|schema)[.]ts$|^src/cli/';
/** Files that may hold SQL or table types: tables, repositories, the ticket row mapper, seeds, the schema barrel. */
const PERSISTENCE = '[.](table|repository|seed)[.]ts$|/ticket-mapper[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/engine/domain may import only src/engine/domain: no npm packages and no node built-ins ' +
        '(not even node:assert). Move the I/O to a use case and pass values in.',
      from: { path: '^src/engine/domain/', pathNot: TEST_FILE },
      to: { pathNot: '^src/engine/domain/' },
    },
    {
      name: 'domain-tests-stay-in-domain',
      severity: 'error',
      comment:
        'Tests of src/engine/domain may use the test tools (vitest, fast-check) and the builders in test/builders, ' +
        'otherwise only src/engine/domain: a domain test that needs a database belongs in another tier.',
      from: { path: `^src/engine/domain/.*${TEST_FILE}` },
      to: { pathNot: ['^src/engine/domain/', '^test/builders/', '^node_modules/(vitest|@vitest/[^/]+|fast-check)/'] },
    },
    {
      name: 'module-domain-is-pure',
      severity: 'error',
      comment: "A module's *.domain.ts holds pure rules: it may import only the engine's domain and other *.domain.ts files.",
      from: { path: '^src/modules/[^/]+/.*[.]domain[.]ts$' },
      to: { pathNot: ['^src/engine/domain/', '[.]domain[.]ts$'] },
    },
    {
      name: 'platform-not-to-engine-or-modules',
      severity: 'error',
      comment:
        'src/platform is below the engine and the modules: it must not import them (nor the composition root). ' +
        'Pass what it needs in (a callback, a list from the manifests) from src/main.ts.',
      from: { path: '^src/platform/' },
      to: { path: ['^src/(engine|modules)/', ROOT] },
    },
    {
      name: 'engine-not-to-modules',
      severity: 'error',
      comment: 'The engine serves every module and imports none of them (nor the composition root).',
      from: { path: '^src/engine/' },
      to: { path: ['^src/modules/', ROOT] },
    },
    {
      name: 'modules-meet-through-index',
      severity: 'error',
      comment: "A module uses another module only through that module's index.ts (its manifest and public surface).",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index[.]ts$'] },
    },
    {
      name: 'modules-not-to-root',
      severity: 'error',
      comment: 'Modules are listed by the composition root (src/main.ts, src/cli); they do not import it.',
      from: { path: '^src/modules/' },
      to: { path: ROOT },
    },
    {
      name: 'routes-not-to-persistence',
      severity: 'error',
      comment: 'Routes and presenters call use cases and present their values; tables and repositories stay behind the use cases.',
      from: { path: '([.]routes|/presenters)[.]ts$' },
      to: { path: PERSISTENCE },
    },
    {
      name: 'use-cases-not-to-tables',
      severity: 'error',
      comment:
        'Use cases speak in domain types, not table row types: a type a rule needs (LedgerRules, BoardPerson) belongs to the domain. ' +
        'Only repositories, seeds and the row mapper import tables.',
      from: { path: '^src/(engine|modules)/', pathNot: [PERSISTENCE, TEST_FILE, '[.]routes[.]ts$', '/index[.]ts$'] },
      to: { path: '[.]table[.]ts$' },
    },
    {
      name: 'demo-is-imported-by-no-one',
      severity: 'error',
      comment: 'Demo data is generated through the use cases; no use case, route or module depends on it.',
      from: { path: '^src/', pathNot: ['^src/modules/demo/', ROOT, TEST_FILE] },
      to: { path: '^src/modules/demo/' },
    },
    {
      name: 'production-not-to-tests',
      severity: 'error',
      comment: 'Builders and fixtures for tests live in test/ (test/builders); production code never imports them.',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: ['^test/', TEST_FILE] },
    },
    {
      name: 'web-not-to-src',
      severity: 'error',
      comment: 'web/ (browser code) must not import server code from src/; share through the HTTP API.',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    // The web app's modules (web/src/modules/<name>), shell and shared helpers: web/dependency-rules.cjs.
    ...require('./web/dependency-rules.cjs'),
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
