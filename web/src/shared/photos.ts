/**
 * Photos from a phone: shrunk and re-encoded in the browser before upload (a phone photo is often
 * larger than the server's 5 MB limit, and re-encoding drops its EXIF data, GPS position included),
 * then uploaded one by one through the typed client.
 */
import { api, must } from './api.ts';

/** Longest side after shrinking, in pixels. */
const MAX_SIDE = 1600;
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** A JPEG of at most MAX_SIDE pixels; the original file when the browser cannot decode it (the server then decides). */
export async function prepareImage(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const g = canvas.getContext('2d');
    if (g === null) return file;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob ?? file;
  } catch {
    return file;
  }
}

const formOf = (blob: Blob) => {
  const fd = new FormData();
  fd.append('file', blob, blob.type === 'image/jpeg' ? 'photo.jpg' : 'photo');
  return fd;
};

/** Uploads one photo: `public` from the requester page, `staff` for a signed-in user. Returns its id. */
export async function uploadPhoto(kind: 'public' | 'staff', blob: Blob): Promise<number> {
  // The typed body names the one part; the serializer sends the bytes as multipart/form-data (the
  // browser sets the boundary).
  const init = { body: { file: 'photo' }, bodySerializer: () => formOf(blob) };
  const r = kind === 'public' ? await must(api.POST('/api/public/attachments', init)) : await must(api.POST('/api/attachments', init));
  return r.id;
}

/** The URL of a photo's bytes (for signed-in users who can see its ticket). */
export const photoUrl = (id: number) => `/api/attachments/${id}/content`;
