/**
 * Generates `web/src/assets/beijing-map.json` — the boundaries of Beijing's 16 districts as plain
 * GeoJSON — from the map data Apache ECharts 4.9.0 shipped (`map/json/province/beijing.json`,
 * Apache-2.0; ECharts 5 stopped shipping maps). The package is installed under the alias `echarts4`
 * (`npm install -D echarts4@npm:echarts@4.9.0`) only for this script; the web app uses ECharts 6.
 *
 * The source is ECharts' compressed format (`UTF8Encoding: true`: each ring a string of zig-zag,
 * delta-encoded coordinates scaled by 1024, with `encodeOffsets`). It is decoded here so that the
 * output is ordinary GeoJSON any tool can read; coordinates keep 3 decimals (about 100 m, the
 * source's own precision of 1/1024°) and repeated neighbours are dropped. Each feature keeps `id`
 * (the division code) and the properties `name` and `cp` (the label point).
 *
 * Run: `node --import tsx scripts/gen-beijing-map.ts`. The output is committed; see docs/THIRD-PARTY.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = dirname(createRequire(import.meta.url).resolve('echarts4/package.json'));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
const sourceFile = join(pkgDir, 'map', 'json', 'province', 'beijing.json');
const outFile = join(repoRoot, 'web', 'src', 'assets', 'beijing-map.json');

type Position = [number, number];
interface EncodedFeature {
  id: string;
  type: 'Feature';
  properties: { name: string; cp: Position; childNum?: number };
  geometry:
    { type: 'Polygon'; coordinates: string[]; encodeOffsets: Position[] } | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: Position[][] };
}
interface EncodedCollection {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: EncodedFeature[];
}

if (pkg.name !== 'echarts' || pkg.version !== '4.9.0') throw new Error(`expected echarts 4.9.0 under the alias echarts4, found ${pkg.name} ${pkg.version}`);
const source = JSON.parse(readFileSync(sourceFile, 'utf8')) as EncodedCollection;
if (source.type !== 'FeatureCollection' || source.UTF8Encoding !== true) throw new Error(`${sourceFile}: not an ECharts-encoded FeatureCollection`);
const scale = source.UTF8Scale ?? 1024;
const round = (x: number) => Math.round(x * 1e3) / 1e3;

/** Decodes one ring (ECharts' `decodeRing` in src/coord/geo/parseGeoJson). */
function decodeRing(text: string, offset: Position): Position[] {
  const out: Position[] = [];
  let [prevX, prevY] = offset;
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    const point: Position = [round(x / scale), round(y / scale)];
    const last = out.at(-1);
    // Rounding can make neighbours equal: keep one.
    if (last === undefined || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
}

const features = source.features.map((f) => {
  const g = f.geometry;
  const geometry =
    g.type === 'Polygon'
      ? { type: 'Polygon' as const, coordinates: g.coordinates.map((ring, i) => decodeRing(ring, g.encodeOffsets[i]!)) }
      : { type: 'MultiPolygon' as const, coordinates: g.coordinates.map((poly, p) => poly.map((ring, i) => decodeRing(ring, g.encodeOffsets[p]![i]!))) };
  return { type: 'Feature' as const, id: f.id, properties: { name: f.properties.name, cp: f.properties.cp }, geometry };
});

if (features.length !== 16) throw new Error(`expected Beijing's 16 districts, found ${features.length}`);
for (const f of features) {
  if (!/^1101\d\d$/.test(f.id) || !f.properties.name.endsWith('区')) throw new Error(`unexpected feature ${f.id} ${f.properties.name}`);
  const lon = f.properties.cp[0];
  const lat = f.properties.cp[1];
  if (!(lon > 115 && lon < 118 && lat > 39 && lat < 41.5)) throw new Error(`${f.properties.name}: label point outside Beijing`);
}

const out = {
  type: 'FeatureCollection',
  source: `Apache ECharts ${pkg.version}, map/json/province/beijing.json (${pkg.license}); decoded by scripts/gen-beijing-map.ts`,
  features,
};
writeFileSync(outFile, `${JSON.stringify(out)}\n`);
console.log(`wrote ${outFile}: ${features.length} districts, ${Math.round(JSON.stringify(out).length / 1024)} KB`);
