/**
 * Module rules of the web app (web/src), in the format of the `forbidden` entries of
 * .dependency-cruiser.cjs, which spreads them in.
 *
 *   web/src/modules/<name>/  one subsystem; its index.ts is its manifest and the only file other
 *                            modules may import
 *   web/src/shell/           the app shell; only registry.ts imports modules, and only their index
 *   web/src/shared/          helpers several modules use; imports no module
 *
 * Type-only imports count too (tsPreCompilationDeps), and so do lazy `import()`s.
 */
const MODULES = '^web/src/modules/';
const INDEX = '^web/src/modules/[^/]+/index[.]tsx?$';
const REGISTRY = '^web/src/shell/registry[.]ts$';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
module.exports = [
  {
    name: 'web-modules-meet-through-index',
    severity: 'error',
    comment:
      "A module may import another module's files only through that module's index.ts (its manifest and " +
      'public face). Export what the other module needs from the index, or move it to web/src/shared.',
    from: { path: '^web/src/modules/([^/]+)/' },
    to: { path: MODULES, pathNot: ['^web/src/modules/$1/', INDEX] },
  },
  {
    name: 'web-shell-shared-not-to-modules',
    severity: 'error',
    comment:
      'web/src/shell and web/src/shared must not import a module: the shell learns about modules from their ' +
      'manifests in shell/registry.ts; shared code is used by modules, never the other way round.',
    from: { path: '^web/src/(shell|shared)/', pathNot: REGISTRY },
    to: { path: MODULES },
  },
  {
    name: 'web-registry-only-to-module-index',
    severity: 'error',
    comment: 'shell/registry.ts assembles the app from the modules\u2019 manifests: it imports their index.ts only.',
    from: { path: REGISTRY },
    to: { path: MODULES, pathNot: INDEX },
  },
  {
    name: 'web-modules-not-to-composition',
    severity: 'error',
    comment:
      'Modules use the shell\u2019s services (i18n, session, nav, the manifest types) but not the files that compose ' +
      'the app from them (registry, App, main): that would make a module depend on every other module.',
    from: { path: MODULES },
    to: { path: '^web/src/shell/(registry[.]ts|App[.]tsx|main[.]tsx)$' },
  },
];
