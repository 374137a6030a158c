/** What every use case receives: the database, the clock, a logger and the cached reference data. */
import type { Logger } from 'pino';
import type { Database } from '../platform/db/client.ts';
import type { PersonalDataKeyring } from '../platform/crypto/personal-data-crypto.ts';
import type { ReferenceCache } from './reference/reference-cache.ts';

export type Clock = () => Date;

export interface AppContext {
  database: Database;
  /** Optional read replica for dashboards and exports; defaults to the primary. */
  readDatabase?: Database;
  clock: Clock;
  log: Logger;
  districtCode: string;
  reference: ReferenceCache;
  /** Where uploaded photos are stored (`<dataDir>/uploads`; a temporary directory in tests). */
  uploadsDir: string;
  /** Seals and opens requesters' personal data at rest and hashes their phones (personal-data-crypto.ts). */
  personalData: PersonalDataKeyring;
}
