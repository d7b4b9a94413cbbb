import { z } from 'zod';
import { normalizeDomain } from '../../crm/normalize-domain.ts';
import { OUT_OF_RANGE_MESSAGE, isAcceptedInstant } from '../../time-range.ts';

export const idParam = (prefix: string) => z.object({ id: z.string().regex(new RegExp(`^${prefix}_[a-z0-9]{1,64}$`), `must be an id starting with ${prefix}_`) }).strict();
export const idOf = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[a-z0-9]{1,64}$`), `must be an id starting with ${prefix}_`);

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
};

/** An ISO 8601 date-time with offset, inside the accepted window (src/time-range.ts). */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((v) => isAcceptedInstant(v), OUT_OF_RANGE_MESSAGE);
export const text = (max = 10_000) => z.string().max(max);
export const nullableText = (max = 10_000) => z.string().max(max).nullable().optional();

export const domainField = z
  .string()
  .min(1)
  .max(300)
  .transform((v, ctx) => {
    const d = normalizeDomain(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'is not a domain name' });
      return z.NEVER;
    }
    return d;
  });

export const emailField = z.string().max(320).email('is not an email address').transform((v) => v.trim());
