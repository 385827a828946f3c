/** The accepted input shapes (zod), lenient about spelling, strict about types. */
import { z } from 'zod';

const text = z.string().trim();
const list = z.array(z.string()).default([]);

export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export const creditInputSchema = z.object({
  title: text.min(1, 'title is required').max(300),
  artist: text.max(300).optional(),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
  role: text.optional(),
  isrc: text.optional(),
  iswc: text.optional(),
});

export type CreditInput = z.input<typeof creditInputSchema>;

export const creatorProfileInputSchema = z.object({
  handle: text.toLowerCase(),
  displayName: text.min(1, 'display name is required').max(120),
  bio: text.max(4000).optional(),
  timeZone: text.optional(),
  skills: list,
  instruments: list,
  roles: list,
  genres: list,
  tags: list,
  inspirations: list,
  credits: z.array(z.unknown()).default([]),
  links: z.array(z.object({ label: text.max(80).optional(), url: z.url() })).default([]),
  location: z
    .object({
      city: text.optional(),
      lat: z.number().min(-90).max(90).optional(),
      lon: z.number().min(-180).max(180).optional(),
    })
    .nullable()
    .optional(),
  isLocationOptIn: z.boolean().default(false),
  pro: text.max(40).optional(),
  ipi: text.optional(),
  contactPreference: z.enum(['chat', 'email', 'none']).default('chat'),
  isWritingOptIn: z.boolean().default(true),
});

export type CreatorProfileInput = z.input<typeof creatorProfileInputSchema>;
