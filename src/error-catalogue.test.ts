/**
 * One source of truth for errors: every code the source can produce is in the error catalogue the
 * HTTP app answers from (src/main.ts ERROR_CATALOGUE), declared by the producer's layer or a layer
 * below it, and every catalogue entry is produced somewhere. The codes are read from the source with
 * the TypeScript parser: the first argument of `new AppError(…)` and of the domain's `err(…)`, either
 * a literal or a property of a `…Errors` constant object; anything else (a code built from a
 * template, a variable) fails here, unless it passes a domain error's code on (`v.error.code`,
 * `AppError.from`), whose codes are collected at their `err(…)`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, MODULES } from './main.ts';
import { PLATFORM_ERRORS } from './platform/platform.errors.ts';

const SRC = import.meta.dirname;

interface Site {
  code: string;
  file: string;
  line: number;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

const files = sourceFiles(SRC).map((file) => ({
  file: path.relative(SRC, file),
  source: ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
}));

const literalText = (n: ts.Node): string | undefined => (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : undefined);

/** `const XxxErrors = { key: 'CODE', … }` objects of the source, by name: the typed constants codes are taken from. */
const constants = new Map<string, Map<string, string>>();
for (const { source } of files)
  source.forEachChild(function visit(n: ts.Node): void {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && /Errors$/.test(n.name.text) && n.initializer) {
      let init: ts.Node = n.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init)) {
        const values = new Map<string, string>();
        for (const p of init.properties)
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && literalText(p.initializer) !== undefined)
            values.set(p.name.text, literalText(p.initializer)!);
        constants.set(n.name.text, values);
      }
    }
    n.forEachChild(visit);
  });

/** Whether a file imports `err` from the domain's result.ts (so its `err(…)` calls make domain errors). */
/** Files whose `err(…)` makes a domain error: they import the engine's `err`, or make a module's own with `errWith` (`const err = errWith<Codes>()`). */
const importsDomainErr = (source: ts.SourceFile) =>
  source.statements.some(
    (s) =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text.endsWith('shared/result.ts') &&
      s.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(s.importClause.namedBindings) &&
      s.importClause.namedBindings.elements.some((e) => e.name.text === 'err' || e.name.text === 'errWith'),
  ) || source.fileName.endsWith('shared/result.ts');

/** A domain error's code passed on unchanged: `v.error.code`, `r.error.code` (collected where the domain made it). */
const PASSES_DOMAIN_CODE = /^\w+\.error\.code$/;

/** Inside `AppError.from`, which passes a domain error's code on. */
const inAppErrorFrom = (n: ts.Node): boolean =>
  ts.isMethodDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === 'from' && ts.isClassDeclaration(n.parent) && n.parent.name?.text === 'AppError'
    ? true
    : n.parent !== undefined && inAppErrorFrom(n.parent);

const sites: Site[] = [];
const problems: string[] = [];
for (const { file, source } of files) {
  const domainErr = importsDomainErr(source);
  source.forEachChild(function visit(n: ts.Node): void {
    const isAppError = ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'AppError';
    const isErr = domainErr && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'err';
    if ((isAppError || isErr) && (n as ts.NewExpression | ts.CallExpression).arguments?.[0] !== undefined) {
      const arg = (n as ts.NewExpression | ts.CallExpression).arguments![0]!;
      const line = source.getLineAndCharacterOfPosition(arg.getStart()).line + 1;
      const where = `${file}:${line}`;
      const literal = literalText(arg);
      if (literal !== undefined) sites.push({ code: literal, file, line });
      else if (ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression) && constants.get(arg.expression.text)?.has(arg.name.text))
        sites.push({ code: constants.get(arg.expression.text)!.get(arg.name.text)!, file, line });
      else if (isAppError && (PASSES_DOMAIN_CODE.test(arg.getText()) || inAppErrorFrom(n))) {
        // A domain error's code: collected at the domain's err(…).
      } else problems.push(`${where}: the code ${arg.getText()} is neither a literal nor a property of a …Errors constant`);
    }
    n.forEachChild(visit);
  });
}

/** Which catalogue declares each code: 'platform', 'engine' or a module's name. */
const owner = new Map<string, string>();
for (const code of Object.keys(PLATFORM_ERRORS)) owner.set(code, 'platform');
for (const m of MODULES) for (const code of Object.keys(m.errors ?? {})) owner.set(code, m.name);

/** The catalogues a file may produce codes of: its own layer's and those below (the composition root: all). */
function mayUse(file: string): (o: string) => boolean {
  const [top, second] = file.split(path.sep);
  if (top === 'platform') return (o) => o === 'platform';
  if (top === 'engine') return (o) => o === 'platform' || o === 'engine';
  if (top === 'modules') return (o) => o === 'platform' || o === 'engine' || o === second;
  return () => true;
}

describe('the error catalogue', () => {
  it('reads the codes from the source: every site is a literal or a typed constant', () => {
    expect(problems).toEqual([]);
    // A scanner that found nothing would pass everything below.
    expect(sites.length).toBeGreaterThan(150);
    expect(constants.get('WorkflowErrors')?.size).toBeGreaterThan(5);
    expect(sites.filter((s) => s.code === 'WORKFLOW.INVALID_INPUT').length).toBeGreaterThan(10);
  });

  it('holds every code the source produces, declared by the producer’s layer or one below it', () => {
    const missing = sites.filter((s) => !Object.hasOwn(ERROR_CATALOGUE, s.code)).map((s) => `${s.file}:${s.line} ${s.code}`);
    expect(missing, 'codes the source produces but no catalogue declares (add them to the layer’s *.errors.ts)').toEqual([]);
    const misplaced = sites.filter((s) => !mayUse(s.file)(owner.get(s.code)!)).map((s) => `${s.file}:${s.line} ${s.code} (declared by ${owner.get(s.code)})`);
    expect(misplaced, 'codes a layer produces but a layer above it (or another module) declares').toEqual([]);
  });

  it('has no dead entries: every code in it is produced somewhere', () => {
    const produced = new Set(sites.map((s) => s.code));
    expect(Object.keys(ERROR_CATALOGUE).filter((c) => !produced.has(c))).toEqual([]);
  });

  it('gives every code a stable name, an HTTP error status and words in Chinese and English', () => {
    const bad = Object.entries(ERROR_CATALOGUE).filter(
      ([code, e]) =>
        !/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$/.test(code) ||
        !Number.isInteger(e.status) ||
        e.status < 400 ||
        e.status > 599 ||
        !/\p{Script=Han}/u.test(e.zh) ||
        !/^[A-Z]/.test(e.en),
    );
    expect(bad).toEqual([]);
  });
});
