/** 领导数据看板: the leaders' figures of volunteer service per street/town (docs/VOLUNTEERS.md, "The leaders' figures"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { ACTIVITIES_POLICY } from './activities.policy.ts';
import { leadersFigures } from './figures.service.ts';

const StreetFigures = Type.Object({
  code: Type.String({
    description: 'The street/town’s division code; `district` for 区级 (the district’s centre, departments); the district’s code for the total',
  }),
  name: Type.String({ description: 'Its name' }),
  registeredVolunteers: Type.Integer({ description: 'Volunteers registered whose home (their station’s community) is in the street' }),
  activeVolunteers: Type.Integer({ description: 'Of those, volunteers with hours served in the period' }),
  hours: Type.Number({ description: 'Hours served in the period at activities organised in the street' }),
  activities: Type.Integer({ description: 'Published activities organised in the street with a session in the period' }),
  orders: Type.Integer({ description: 'Service orders (tickets of kind service_order) accepted in the period and led by a station of the street' }),
  ordersRated: Type.Integer({ description: 'Of those, rated by the requester' }),
  satisfactionRate: nullable(Type.Number({ minimum: 0, maximum: 1 }), 'Satisfied or basically satisfied / rated (0–1); null when none was rated'),
  ordersReplied: Type.Integer({ description: 'Of those, replied (service done)' }),
  onTimeRate: nullable(Type.Number({ minimum: 0, maximum: 1 }), 'Replied by the reply deadline / replied (0–1); null when none was replied'),
});

export function figuresRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/activities/figures',
      {
        schema: {
          ...routePolicy(ACTIVITIES_POLICY, 'figures'),
          tags: ['activities'],
          summary: '领导数据看板: volunteers, hours, activities and service orders per street/town for a month or a year',
          querystring: Type.Object(
            { period: Type.String({ pattern: '^20\\d{2}(-(0[1-9]|1[0-2]))?$', description: 'A month YYYY-MM or a year YYYY (Asia/Shanghai)' }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              period: Type.String(),
              scope: Type.Union([Type.Literal('all'), Type.Literal('street')], { description: 'all: every street of the district; street: your street' }),
              streets: Type.Array(StreetFigures),
              total: StreetFigures,
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => leadersFigures(ctx, requireUser(req), req.query.period),
    );
  };
}
