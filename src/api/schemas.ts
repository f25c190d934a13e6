import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { isValidNpi } from '../domain/npi';
import { CLAIM_ID_PATTERN } from '../shared/contracts';

extendZodWithOpenApi(z);

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const idMessage = '1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => isIsoDate(value), 'not a real calendar date')
  .openapi({ example: '2026-10-01', format: 'date' });

/**
 * A value written into X12 (a 276): printable ASCII without the characters Tickler's interchanges use as
 * delimiters, so a name can never break the file it is written into.
 */
function x12Text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'required')
    .max(max, `at most ${max} characters`)
    .regex(/^[ -~]*$/, 'printable ASCII characters only')
    .regex(/^[^*~^:]*$/, 'cannot contain *, ~, ^ or :');
}

const personSchema = z.object({
  lastName: x12Text(60),
  firstName: x12Text(35).optional(),
  dateOfBirth: isoDateSchema.optional(),
});

const subscriberSchema = personSchema
  .extend({ memberId: x12Text(80).openapi({ example: 'XJH900112233' }) })
  .strict()
  .openapi('Subscriber', {
    description: 'The insured member, as the claim names them (PHI: stored in PostgreSQL only)',
  });

const patientSchema = personSchema.strict().openapi('DependentPatient', {
  description: 'The patient when not the subscriber (a dependent); omit when the subscriber is the patient',
});

const billingProviderSchema = z
  .object({
    name: x12Text(60).openapi({ example: 'NORTHSIDE CLINIC' }),
    npi: z
      .string()
      .refine(isValidNpi, '10 digits ending in a valid NPI check digit')
      .openapi({ example: '1234567893' }),
  })
  .strict()
  .openapi('BillingProvider');

/** The parties on their own, for `PUT /claims/{claimId}/parties`: given after intake, or corrected. */
export const claimPartiesSchema = z
  .object({
    subscriber: subscriberSchema,
    patient: patientSchema.optional(),
    billingProvider: billingProviderSchema,
  })
  .strict()
  .openapi('ClaimParties', {
    description:
      'What a 276 claim status inquiry carries about the people on the claim (PHI: stored in PostgreSQL only)',
  });
export type ClaimPartiesBody = z.infer<typeof claimPartiesSchema>;

export const createClaimSchema = z
  .object({
    claimId: z.string().regex(CLAIM_ID_PATTERN, idMessage).openapi({ example: 'CLM-1001' }),
    clientId: z
      .string()
      .regex(idPattern, idMessage)
      .openapi({ description: 'Provider client (organization) id', example: 'northside-clinic' }),
    payerId: z.string().regex(idPattern, idMessage).openapi({ example: 'sim-commercial' }),
    patientAccountRef: z.string().trim().min(1, 'required').max(64, 'at most 64 characters').openapi({
      description: "The provider's patient account number (PHI: stored in PostgreSQL only)",
      example: 'PA-55120',
    }),
    dateOfService: isoDateSchema,
    billedCents: z
      .number()
      .int('whole cents')
      .positive('greater than zero')
      .max(10_000_000_000, 'at most 100,000,000.00')
      .openapi({ example: 125000 }),
    submittedOn: isoDateSchema.openapi({ example: '2026-10-05' }),
    throughDate: isoDateSchema
      .optional()
      .openapi({ description: 'Last date of service of a span claim; timely filing runs from it' }),
    expectedCents: z
      .number()
      .int('whole cents')
      .min(0)
      .max(10_000_000_000)
      .optional()
      .openapi({ description: 'Contracted amount, for underpayment checks' }),
    secondaryPayerId: z.string().regex(idPattern, idMessage).optional(),
    tertiaryPayerId: z.string().regex(idPattern, idMessage).optional(),
    subscriber: subscriberSchema.optional(),
    patient: patientSchema.optional(),
    billingProvider: billingProviderSchema.optional(),
  })
  .strict()
  .refine((claim) => claim.submittedOn >= claim.dateOfService, {
    path: ['submittedOn'],
    message: 'cannot be before dateOfService',
  })
  .refine((claim) => claim.throughDate === undefined || claim.throughDate >= claim.dateOfService, {
    path: ['throughDate'],
    message: 'cannot be before dateOfService',
  })
  .refine((claim) => claim.tertiaryPayerId === undefined || claim.secondaryPayerId !== undefined, {
    path: ['tertiaryPayerId'],
    message: 'needs a secondaryPayerId',
  })
  // A 276 needs both the subscriber and the billing provider; a dependent needs a subscriber.
  .refine((claim) => claim.billingProvider === undefined || claim.subscriber !== undefined, {
    path: ['subscriber'],
    message: 'required with billingProvider',
  })
  .refine((claim) => claim.subscriber === undefined || claim.billingProvider !== undefined, {
    path: ['billingProvider'],
    message: 'required with subscriber',
  })
  .refine((claim) => claim.patient === undefined || claim.subscriber !== undefined, {
    path: ['subscriber'],
    message: 'required with patient',
  })
  .openapi('CreateClaim');
export type CreateClaimBody = z.infer<typeof createClaimSchema>;

export const claimIdParamSchema = z.object({ claimId: z.string().regex(CLAIM_ID_PATTERN, idMessage) });

export const timelineEventSchema = z
  .object({
    kind: z.string(),
    occurredAt: z.string().openapi({ format: 'date-time' }),
    actor: z.string(),
    summary: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEvent');

export const claimViewSchema = z
  .object({
    claim: z.object({
      claimId: z.string(),
      clientId: z.string(),
      payerId: z.string(),
      patientAccountRef: z.string(),
      dateOfService: z.string(),
      billedCents: z.number(),
      submittedOn: z.string(),
      payerOrder: z.string(),
      secondaryPayerId: z.string().optional(),
      tertiaryPayerId: z.string().optional(),
      parentClaimId: z.string().optional(),
      expectedCents: z.number().optional(),
      throughDate: z.string().optional(),
      subscriber: subscriberSchema.optional(),
      patient: patientSchema.optional(),
      billingProvider: billingProviderSchema.optional(),
      keyAccount: z.boolean(),
      createdAt: z.string(),
    }),
    workflowId: z.string(),
    followUp: z.object({
      phase: z.string(),
      checks: z.number(),
      nextCheckAt: z.string().nullable(),
      lastStatus: z
        .object({ category: z.string(), code: z.string().nullable(), checkedAt: z.string() })
        .nullable(),
      closedReason: z.string().nullable(),
      explanation: z.string().nullable(),
      nextAction: z.string().nullable(),
      nextActionAt: z.string().nullable(),
      owner: z.string().nullable(),
      snoozedUntil: z.string().nullable(),
      flaggedReason: z.string().nullable(),
      paidCents: z.number(),
      deadlines: z.array(z.record(z.string(), z.unknown())),
    }),
    workItems: z.array(z.record(z.string(), z.unknown())),
    timeline: z.array(timelineEventSchema),
  })
  .openapi('ClaimView');
export type ClaimView = z.infer<typeof claimViewSchema>;

export const errorSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    permission: z
      .string()
      .optional()
      .openapi({ description: 'On a 403: the permission the caller lacks', example: 'claims.write_off' }),
  })
  .openapi('Error');

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    temporal: z.object({ ok: z.boolean(), error: z.string().optional() }),
    postgres: z.object({ ok: z.boolean(), error: z.string().optional() }),
  })
  .openapi('Health');
