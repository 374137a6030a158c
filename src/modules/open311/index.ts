/** Open311 GeoReport v2: the public intake and status API (JSON and XML). */
import type { ModuleManifest } from '../../engine/module.ts';
import { OPEN311_POLICY } from './open311.policy.ts';
import { OPEN311_ERRORS } from './open311.errors.ts';
import { toXml } from './open311-xml.ts';
import { open311Error, open311Routes } from './open311.routes.ts';

export const open311: ModuleManifest = {
  name: 'open311',
  title: 'Open311 GeoReport v2',
  policy: OPEN311_POLICY,
  routes: (ctx, opts) => [open311Routes(ctx, { publicRatePerMinute: opts.publicRatePerMinute })],
  errors: OPEN311_ERRORS,
  errorDialects: [
    {
      // Open311 clients read errors as a list of { code, description } (`<errors>` for .xml), with the
      // platform's code and Chinese words beside them (open311Error).
      prefix: '/open311/',
      answer: (req, reply, status, error) => {
        const list = [open311Error(status, error.message, error)];
        if ((req.raw.url ?? '').split('?')[0]!.endsWith('.xml')) void reply.type('text/xml; charset=utf-8').send(toXml('errors', list));
        else void reply.type('application/json; charset=utf-8').send(JSON.stringify(list));
      },
    },
  ],
};
