/** Schemas shared by several routes. Each route's own schemas sit beside it. */
import { Type, type TSchema } from 'typebox';

/** One of `values` (`anyOf` of constants); its static type is the union of the values. */
export const literalUnion = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      { description },
    ),
  );

/** The error body's schema, its `code` one of the catalogue's codes (listed in the OpenAPI document). */
export const errorResponseSchema = (codes: readonly string[]) =>
  Type.Object(
    {
      error: Type.Object({
        code: Type.Unsafe<string>({
          type: 'string',
          enum: [...codes].sort(),
          description: 'Stable machine-readable code, e.g. WORKFLOW.INVALID_TRANSITION: one of the error catalogue’s',
        }),
        message: Type.String({
          description: 'What went wrong in this case (which field, limit or unit), as the server wrote it: English, or Chinese with English beside it',
        }),
        messageZh: Type.String({
          description: 'The error catalogue’s words for the code in Chinese, the same for every occurrence: what a user is shown first',
        }),
        messageEn: Type.String({ description: 'The same in English' }),
        details: Type.Optional(
          Type.Unknown({ description: 'Facts for programs: ids, rejected rows, validation problems (a list of { path, message, params })' }),
        ),
        requestId: Type.String({ description: 'Also in the x-request-id header' }),
      }),
    },
    { $id: 'ErrorResponse' },
  );

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]): Record<number, TSchema> => Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));

export const IdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'Ticket id' }) },
  { additionalProperties: false },
);

export const Text = (max: number, description: string, min = 0) => Type.String({ minLength: min, maxLength: max, description });

export const DivisionCode = (digits: 9 | 12, description: string) => Type.String({ pattern: `^\\d{${digits}}$`, description });
export const UnitId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Unit id' });
/** Id of a row with a 32-bit key (category, knowledge article): larger numbers cannot exist and would overflow the query. */
export const RowId = (description: string) => Type.Integer({ minimum: 1, maximum: 2_147_483_647, description });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Month YYYY-MM (Asia/Shanghai)' });
