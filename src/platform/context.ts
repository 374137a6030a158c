/** What the platform gives every use case: the database, the clock, a logger, the district, files and personal-data keys. */
import type { Logger } from 'pino';
import type { PersonalDataKeyring } from './crypto/personal-data-crypto.ts';
import type { Database } from './db/client.ts';

export type Clock = () => Date;

export interface PlatformContext {
  database: Database;
  /** Optional read replica for dashboards and exports; defaults to the primary. */
  readDatabase?: Database;
  clock: Clock;
  log: Logger;
  districtCode: string;
  /** Where uploaded photos are stored (`<dataDir>/uploads`; a temporary directory in tests). */
  uploadsDir: string;
  /** Seals and opens requesters' personal data at rest and hashes their phones (crypto/personal-data-crypto.ts). */
  personalData: PersonalDataKeyring;
}
