import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_UNFINISHED } from './unsettled.ts';

/** Runs a small ES module (through tsx, as bin/jiesu.js does) that watches itself like the jiesu command. */
function run(body: string) {
  const module = path.resolve(import.meta.dirname, 'unsettled.ts');
  const script = `const { watchUnsettled } = await import(${JSON.stringify(module)});\nconst watch = watchUnsettled('demo');\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
}

describe('a command left waiting forever', () => {
  it('exits non-zero and says why when its work never settles (instead of exit 0 with no output)', () => {
    const r = run(`await new Promise(() => {}); console.log('finished');`);
    expect(r.status).toBe(EXIT_UNFINISHED);
    expect(r.stdout).not.toContain('finished');
    expect(r.stderr).toContain('jiesu demo: stopped before its work finished');
  });

  it('says the server stopped when a serving command’s loop runs dry', () => {
    const r = run(`watch.serving();`);
    expect(r.status).toBe(EXIT_UNFINISHED);
    expect(r.stderr).toContain('the server stopped without a signal');
  });

  it('leaves a command that exits by itself alone', () => {
    const r = run(`console.log('done'); process.exit(0);`);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('done');
    expect(r.stderr).not.toContain('jiesu demo');
  });
});
