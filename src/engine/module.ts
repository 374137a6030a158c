/**
 * A subsystem's manifest: what it brings to the house. Each `src/modules/<name>/index.ts` exports one,
 * the engine exports its own (`src/engine/index.ts`), and the composition root (`src/main.ts`,
 * `src/app.ts`) lists them: adding a subsystem is a folder and one line in `MODULES`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../platform/config/config.ts';
import type { PersonalDataKeyring } from '../platform/crypto/personal-data-crypto.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { ErrorCatalogue } from '../platform/errors.ts';
import type { ErrorDialect } from '../platform/http/errors.ts';
import type { AppContext } from './context.ts';
import type { Policy } from './policy.ts';

/** What routes may need to know about the server they run in (from the configuration). */
export interface RouteOptions {
  /** Cookies carry the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /** Public endpoints (Open311, the requester's page, door boards): requests per minute per client address. */
  publicRatePerMinute: number;
  /** Public address for links in QR codes (JIESU_PUBLIC_URL); null = from each request. */
  publicBaseUrl: string | null;
  /** Every listed module's policy (the session route tells the web app which rules a user passes). */
  policies: readonly Policy[];
}

/** A timed job: started with the server, stopped when it closes. */
export interface JobDefinition {
  name: string;
  /** Starts the job, or returns undefined when the configuration turns it off. */
  start(ctx: AppContext, config: Config): { stop(): Promise<void> } | undefined;
}

export interface ModuleManifest {
  /** The folder name under src/modules (`engine` for the engine). */
  name: string;
  /** What it is, in Chinese and English (docs, logs). */
  title: string;
  /** Who may do what in it: the roles of its rules (`<name>.policy.ts`); every route names one of them. */
  policy?: Policy;
  /** Its HTTP routes, registered in the order of the list of modules. */
  routes?: (ctx: AppContext, opts: RouteOptions) => FastifyPluginAsyncTypebox[];
  /**
   * Its tables and sequences (drizzle objects, e.g. `* as` a table file): every table of
   * src/schema.ts belongs to exactly one manifest (test/modules.test.ts).
   */
  tables?: Readonly<Record<string, object>>;
  /** Its timed jobs. */
  jobs?: readonly JobDefinition[];
  /**
   * Reference rows it derives from the district's division tree (the volunteers module's practice
   * stations): run at every server start and by `jiesu seed`, after the tree is loaded, so a district
   * whose database predates the module gets them too. Idempotent; returns the rows it created.
   */
  ensureReference?: (ctx: AppContext) => Promise<number>;
  /** Demo data it generates through its own use cases on the first start of a district. */
  seed?: (ctx: AppContext, opts: { demoTickets: number; say: (message: string) => void }) => Promise<void>;
  /** After a restore, inside its transaction: checks (and rebuilds) tables it derives from others. */
  afterRestore?: (db: DbOrTx) => Promise<void>;
  /**
   * The error codes it brings (its `<name>.errors.ts`): each code's HTTP status and words for users.
   * A code is declared once, by the lowest layer that produces it (docs/ARCHITECTURE.md, "Errors").
   */
  errors?: ErrorCatalogue;
  /**
   * Personal data it seals with the keyring besides the tickets' requester fields (residents' names and
   * ID numbers): `jiesu rotate-key` re-seals it under the new key, `jiesu retire-key` refuses a key
   * still in use here.
   */
  personalData?: {
    /** Re-seals every value not under the keyring's active key (and recomputes keyed hashes); resumable; returns the rows rewritten. */
    reseal(db: Db, keyring: PersonalDataKeyring): Promise<number>;
    /** Rows still holding a value sealed under `keyId`. */
    countSealedUnder(db: DbOrTx, keyId: string): Promise<number>;
  };
  /** Path prefixes whose clients expect another error format (Open311). */
  errorDialects?: readonly ErrorDialect[];
}
