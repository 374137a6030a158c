/**
 * The party parts' db tests start from the demo's volunteers and Party organisation tree, seeded through
 * their use cases (the first volunteer, 13910000001, is the first community's branch secretary).
 */
import { afterAll } from 'vitest';
import { seedDemoParty } from '../../src/modules/party/index.ts';
import { seedDemoVolunteers } from '../../src/modules/volunteers/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { send } from './api-surface.ts';
import { multipartFile, pngImage } from './images.ts';

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

let shade = 0;
/** An unattached photo uploaded by `username` (POST /api/attachments); distinct bytes per call, so no two share a stored file. */
export async function uploadPhoto(h: Harness, username: string): Promise<number> {
  shade++;
  const r = await send(h, {
    method: 'POST',
    url: '/api/attachments',
    token: await h.token(username),
    ...multipartFile(pngImage(6, 6, [shade % 256, 60, 120])),
  });
  if (r.status !== 201) throw new Error(`upload as ${username}: ${r.status} ${r.text}`);
  return (r.body as { id: number }).id;
}
