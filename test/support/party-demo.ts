/**
 * The party parts' db tests start from the demo's volunteers and Party organisation tree, seeded through
 * their use cases (the first volunteer, 13910000001, is the first community's branch secretary).
 */
import { afterAll } from 'vitest';
import { seedDemoParty } from '../../src/modules/party/index.ts';
import { seedDemoVolunteers } from '../../src/modules/volunteers/index.ts';
import { createHarness, type Harness } from './harness.ts';

/** A harness (closed after the file) with the demo's volunteers and organisation tree. */
export async function partyDemoHarness(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(opts);
  afterAll(async () => {
    await h.close();
  });
  await seedDemoVolunteers(h.ctx);
  h.ctx.reference.invalidate();
  await seedDemoParty(h.ctx);
  return h;
}

/** Runs a demo seed, timing it and keeping what it says (the tests print both). */
export async function timedSeed(seed: (say: (m: string) => void) => Promise<void>): Promise<{ seconds: number; messages: string[] }> {
  const started = Date.now();
  const messages: string[] = [];
  await seed((m) => messages.push(m));
  return { seconds: (Date.now() - started) / 1000, messages };
}
