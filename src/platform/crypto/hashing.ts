/** SHA-256 of a text or bytes, as lowercase hex (session tokens, query codes, request fingerprints, photo storage). */
import { createHash } from 'node:crypto';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
