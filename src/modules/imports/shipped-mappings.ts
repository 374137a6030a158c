/** The mapping files shipped in `mappings/` (read at run time from the working directory). */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import { checkMapping } from './history.ts';
import type { ImportMapping } from './mapping.ts';

export const SHIPPED_MAPPINGS = ['us311', 'baltimore'] as const;
export type ShippedMapping = (typeof SHIPPED_MAPPINGS)[number];

export function loadShippedMapping(name: ShippedMapping): ImportMapping {
  const file = path.resolve(process.cwd(), 'mappings', `${name}.json`);
  if (!fs.existsSync(file)) throw new AppError('VALIDATION.INVALID_INPUT', `The mapping ${name} is not installed`);
  return checkMapping(JSON.parse(fs.readFileSync(file, 'utf8')));
}
