import type { z } from '@hono/zod-openapi';
import { Problem } from '@quittance/api-contract';

/** An OpenAPI response whose body is an RFC 9457 problem. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** An OpenAPI JSON response described by a zod schema. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
