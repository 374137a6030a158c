/** Schemas shared by several routes. Each route's own schemas sit beside it. */
import { Type, type TSchema } from 'typebox';

export const literalUnion = <T extends readonly string[]>(values: T, description: string) =>
  Type.Union(values.map((v) => Type.Literal(v)) as never, { description });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. WORKFLOW.INVALID_TRANSITION' }),
      message: Type.String({ description: 'Human-readable explanation' }),
      details: Type.Optional(Type.Unknown()),
      requestId: Type.String({ description: 'Also in the x-request-id header' }),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'Ticket id' }) }, { additionalProperties: false });

export const Text = (max: number, description: string, min = 0) => Type.String({ minLength: min, maxLength: max, description });

export const DivisionCode = (digits: 9 | 12, description: string) => Type.String({ pattern: `^\\d{${digits}}$`, description });
export const UnitId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Unit id' });
/** Id of a row with a 32-bit key (category, knowledge article): larger numbers cannot exist and would overflow the query. */
export const RowId = (description: string) => Type.Integer({ minimum: 1, maximum: 2_147_483_647, description });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Month YYYY-MM (Asia/Shanghai)' });
