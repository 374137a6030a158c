/**
 * Photos: upload (signed-in staff at /api/attachments, requesters at /api/public/attachments), a
 * ticket's photos (list, attach), and one photo's bytes. Uploads are multipart/form-data with one part
 * named `file`; the JSON-only rule of /api is lifted for exactly these routes (`config.uploads`).
 */
import { routePolicy } from '../policy.ts';
import { ENGINE_POLICY } from '../engine.policy.ts';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { Type, type TSchema } from 'typebox';
import {
  ATTACHMENT_PURPOSES,
  attachmentContent,
  attachToTicket,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_REQUEST,
  ticketAttachments,
  tooLarge,
  uploadAttachment,
} from '../attachments.ts';
import type { AppContext } from '../context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { requireUser } from './auth.ts';
import { errorResponses, IdParams, literalUnion, RowId } from '../../platform/http/schemas.ts';
import { apiValidatorCompiler } from '../../platform/http/validation.ts';

/** The multipart body is read by the handler (streamed, size-capped); params and query are checked as usual. */
const uploadValidator: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : apiValidatorCompiler(route);

const UploadBody = Type.Object(
  {
    file: Type.String({
      format: 'binary',
      description: `One JPEG, PNG or WebP photo, at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB (the type is checked by content)`,
    }),
  },
  { additionalProperties: false },
);
const UploadResponse = Type.Object({ id: Type.Integer({ description: 'Attachment id, to name in a request or when attaching to a ticket' }) });

const PURPOSE_TEXT = 'request (the requester’s photos), reply (the result), other';
const Purpose = literalUnion(ATTACHMENT_PURPOSES, PURPOSE_TEXT);
/** A string enum in a response (typed for the web client). */
const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

const AttachmentView = Type.Object({
  id: Type.Integer(),
  purpose: Enum(ATTACHMENT_PURPOSES, PURPOSE_TEXT),
  contentType: Type.String({ description: 'image/jpeg, image/png or image/webp' }),
  size: Type.Integer({ description: 'Bytes' }),
  createdAt: Type.String({ format: 'date-time' }),
  fromRequester: Type.Boolean({ description: 'Uploaded by the requester on the public page' }),
});
const AttachmentList = Type.Object({
  items: Type.Array(AttachmentView),
  mayAttach: Type.Boolean({ description: 'True when you may add photos (the centre, or the lead or co-handling unit)' }),
});
const AttachBody = Type.Object(
  {
    attachmentIds: Type.Array(RowId('Your own upload, not yet attached'), { minItems: 1, maxItems: MAX_ATTACHMENTS_PER_REQUEST }),
    purpose: Purpose,
  },
  { additionalProperties: false },
);
const AttachmentIdParams = Type.Object({ id: RowId('Attachment id') }, { additionalProperties: false });

/** Busboy's limit and format errors as our codes; anything else is not the client's fault. */
function uploadError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('VALIDATION.UNSUPPORTED_MEDIA_TYPE', 'Send the photo as multipart/form-data');
  const status = (e as { statusCode?: number }).statusCode;
  if (
    code?.startsWith('FST_') ||
    (status !== undefined && status >= 400 && status < 500) ||
    /multipart|boundary|unexpected end of form/i.test(String((e as Error)?.message))
  )
    return invalid(`Unreadable upload: ${String((e as Error)?.message ?? e).slice(0, 120)}`);
  return e;
}

/**
 * The bytes of the one part, a file named `file`. Busboy stops a file at the size limit (+1 byte, so
 * an oversize file is recognisable) and marks it truncated; the part count is capped so a request
 * with many parts is cut short.
 */
const UPLOAD_LIMITS = { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 2, fields: 2, parts: 3 };

async function readUpload(req: FastifyRequest): Promise<Buffer> {
  let bytes: Buffer | undefined;
  try {
    for await (const part of req.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type !== 'file' || part.fieldname !== 'file' || bytes !== undefined)
        throw invalid('Send exactly one part: a file named "file"', { part: part.fieldname.slice(0, 40) });
      bytes = await part.toBuffer();
      if (part.file.truncated || bytes.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
    }
  } catch (e) {
    throw uploadError(e);
  }
  if (bytes === undefined) throw invalid('No file: send multipart/form-data with one part named "file"');
  return bytes;
}

export function attachmentRoutes(ctx: AppContext, opts: { publicRatePerMinute: number }): FastifyPluginAsyncTypebox {
  // One request carries up to nine photos, but nine photos are 45 MB: the same budget as submissions.
  const publicUploadRate = { max: opts.publicRatePerMinute, timeWindow: 60_000 };

  return async (app) => {
    await app.register(multipart, { limits: UPLOAD_LIMITS });

    app.post(
      '/api/attachments',
      {
        config: { uploads: true },
        validatorCompiler: uploadValidator,
        schema: {
          ...routePolicy(ENGINE_POLICY, 'uploadPhoto'),
          tags: ['attachments'],
          summary: 'Upload a photo (multipart part "file"; JPEG, PNG or WebP by content, ≤ 5 MB); attach it to a ticket afterwards',
          consumes: ['multipart/form-data'],
          body: UploadBody,
          response: { 201: UploadResponse, ...errorResponses(400, 401, 413, 415, 422) },
        },
      },
      async (req, reply) => {
        const p = requireUser(req);
        return reply.status(201).send(await uploadAttachment(ctx, p, await readUpload(req)));
      },
    );

    app.post(
      '/api/public/attachments',
      {
        config: { uploads: true, rateLimit: publicUploadRate },
        validatorCompiler: uploadValidator,
        schema: {
          ...routePolicy(ENGINE_POLICY, 'uploadPublicPhoto'),
          tags: ['public'],
          summary: 'Upload a photo for a request from the requester page (no login; rate-limited per address)',
          description:
            'multipart/form-data with one part "file": JPEG, PNG or WebP (checked by content), at most 5 MB. Stored without its metadata (EXIF/GPS, XMP, comments; only the orientation is kept); a damaged file is refused (422 ATTACHMENT.MALFORMED_IMAGE). Name the id in POST /api/public/requests within 24 hours.',
          consumes: ['multipart/form-data'],
          body: UploadBody,
          response: { 201: UploadResponse, ...errorResponses(400, 413, 415, 422, 429) },
        },
      },
      async (req, reply) => reply.status(201).send(await uploadAttachment(ctx, null, await readUpload(req))),
    );

    app.get(
      '/api/tickets/:id/attachments',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readPhotos'),
          tags: ['attachments'],
          summary: 'The photos of a ticket you can see, and whether you may add more',
          params: IdParams,
          response: { 200: AttachmentList, ...errorResponses(400, 401, 404) },
        },
      },
      async (req) => ticketAttachments(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/tickets/:id/attachments',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'attachPhoto'),
          tags: ['attachments'],
          summary: 'Attach your uploaded photos to a ticket (the centre, or its lead or co-handling unit)',
          params: IdParams,
          body: AttachBody,
          response: { 200: Type.Object({ attachmentIds: Type.Array(Type.Integer()) }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => attachToTicket(ctx, requireUser(req), req.params.id, req.body.attachmentIds, req.body.purpose),
    );

    app.get(
      '/api/attachments/:id/content',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readPhotos'),
          tags: ['attachments'],
          summary: 'The bytes of a photo (if you can see its ticket, or uploaded it and it is not attached yet)',
          params: AttachmentIdParams,
          ...photoResponse,
        },
      },
      async (req, reply) => sendPhoto(reply, await attachmentContent(ctx, requireUser(req), req.params.id)),
    );
  };
}

/** A photo's bytes as a response (the engine's route and the modules' routes for their records' photos). */
export function sendPhoto(reply: FastifyReply, a: { contentType: string; bytes: Buffer }): FastifyReply {
  // An attachment's bytes never change (content-addressed), so the browser may keep them.
  void reply
    .header('content-type', a.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', 'inline')
    .header('cache-control', 'private, max-age=86400, immutable');
  // A Buffer bypasses the response schema, which only documents the body.
  return reply.send(a.bytes as never);
}

/** The response of a route serving one photo (for its schema). */
export const photoResponse = {
  produces: ['image/jpeg', 'image/png', 'image/webp'],
  response: { 200: Type.String({ format: 'binary', description: 'The image' }), ...errorResponses(400, 401, 404) },
};
