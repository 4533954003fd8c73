// Reads a JSON body and validates it with zod, answering Polar's 422 shape on failure.
import type { Context } from 'hono';
import { z } from 'zod';
import { validationError } from '../errors.ts';

export const metadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export async function parseJsonBody<T>(
  c: Context,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: validationError(c, [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]) };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const detail = result.error.issues.map((issue) => ({
    loc: ['body', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    msg: issue.message,
    type: issue.code,
  }));
  return { ok: false, response: validationError(c, detail) };
}
