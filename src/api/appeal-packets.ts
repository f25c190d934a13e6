import { Router } from 'express';
import { z } from 'zod';
import { actorOf, assertEveryClient, requirePermission } from '../auth/middleware';
import { appealChannels, findPayerAppealContact, savePayerAppealContact } from '../db/payer-appeal-contacts';
import type { Db } from '../db/pool';
import { appealCategories } from '../domain/appeal-category';
import { attachmentKinds } from '../packets/checklist';
import {
  AppealPacketError,
  type AppealPacketService,
  type AppealPacketView,
  TemplateError,
} from '../packets/service';
import { HttpError } from './errors';
import type { SecuredOperation } from './openapi';
import { claimIdParamSchema, createClaimSchema, errorSchema } from './schemas';

/** Free text without control characters (they cannot be printed, and some break PDF and HTML tools). */
function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'required')
    .max(max, `at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'cannot contain control characters');
}

export const appealPacketRequestSchema = z
  .object({
    level: z
      .number()
      .int()
      .min(1)
      .max(9)
      .optional()
      .openapi({ description: "The appeal level; default the level the claim's denial opened" }),
    category: z.enum(appealCategories).optional().openapi({
      description: "The denial category (template); default decided from the denial's CARC and RARC codes",
    }),
    atHand: z
      .array(z.enum(attachmentKinds))
      .max(attachmentKinds.length)
      .optional()
      .openapi({
        description:
          "Enclosures the caller has at hand that the claim's records cannot show; they are ticked as confirmed by the caller",
        example: ['authorization'],
      }),
    sender: z
      .object({
        name: text(100).optional().openapi({ example: 'Jane Doe, AR specialist' }),
        phone: z
          .string()
          .trim()
          .regex(/^[0-9()+. -]{7,25}$/, 'a phone number')
          .optional()
          .openapi({ example: '(555) 010-0100' }),
        email: z.email().max(200).optional().openapi({ example: 'jane.doe@northside.example' }),
      })
      .strict()
      .optional()
      .openapi({
        description: "Who signs the letter and whom the payer calls back; default the caller's id",
      }),
  })
  .strict()
  .openapi('AppealPacketRequest');

const checklistEntrySchema = z.object({
  item: z.enum(attachmentKinds),
  label: z.string(),
  state: z.enum(['on_file', 'sent', 'confirmed', 'needed']),
  note: z.string(),
});

export const appealPacketSchema = z
  .object({
    packetId: z.uuid(),
    claimId: z.string(),
    level: z.number().int(),
    levelName: z.string(),
    category: z.string(),
    categoryTitle: z.string(),
    categoryReason: z.string(),
    template: z.object({ id: z.string(), version: z.number().int(), sha256: z.string() }),
    createdBy: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    denial: z.object({ noticeDate: z.string(), source: z.string(), codes: z.array(z.string()) }),
    deadline: z.object({ due: z.string(), basis: z.string(), daysLeft: z.number().int() }).nullable(),
    filedOn: z.string().nullable(),
    faxCover: z.boolean(),
    faxNumber: z.string().nullable(),
    pages: z.number().int(),
    checklist: z.array(checklistEntrySchema),
    warnings: z.array(z.string()),
    links: z.object({ pdf: z.string(), html: z.string() }),
  })
  .openapi('AppealPacket', {
    example: {
      packetId: '5b7f7e3e-2d0c-4a59-9d7e-0c1f0b6f3c11',
      claimId: 'CLM-1001',
      level: 1,
      levelName: 'Provider payment dispute',
      category: 'authorization',
      categoryTitle: 'Authorization missing or exceeded',
      categoryReason: 'CO-197: authorization',
      template: {
        id: 'authorization',
        version: 1,
        sha256: '73932b7803ec85f2e371e109de76d80583657d8dd150f4b58e436557b066777c',
      },
      createdBy: 'jane.doe',
      createdAt: '2026-11-20T15:04:05.000Z',
      denial: {
        noticeDate: '2026-11-02',
        source: 'recorded in Tickler by jane.doe on 2026-11-05',
        codes: ['CO-197'],
      },
      deadline: {
        due: '2027-05-01',
        basis: '180 days after the notice of 2026-11-02 (Aetna commercial v1)',
        daysLeft: 162,
      },
      filedOn: null,
      faxCover: true,
      faxNumber: '8594558650',
      pages: 4,
      checklist: [
        {
          item: 'authorization',
          label: 'Authorization or precertification approval, with its number',
          state: 'confirmed',
          note: 'confirmed at hand by jane.doe',
        },
        {
          item: 'medical_records',
          label: 'Medical records for the date(s) of service',
          state: 'needed',
          note: 'still needed',
        },
      ],
      warnings: ['sender.phone is not on file: the packet shows "(not on file)"'],
      links: {
        pdf: '/claims/CLM-1001/appeal-packets/5b7f7e3e-2d0c-4a59-9d7e-0c1f0b6f3c11.pdf',
        html: '/claims/CLM-1001/appeal-packets/5b7f7e3e-2d0c-4a59-9d7e-0c1f0b6f3c11.html',
      },
    },
  });
export const appealPacketListSchema = z
  .object({ packets: z.array(appealPacketSchema) })
  .openapi('AppealPackets');

// The response schema documents the use case's view; this fails to compile if the two drift apart.
const _viewMatchesSchema = (view: AppealPacketView): z.input<typeof appealPacketSchema> => view;
void _viewMatchesSchema;

export const packetFileParamSchema = z.object({
  claimId: claimIdParamSchema.shape.claimId,
  file: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(pdf|html)$/,
      'a packet id and .pdf or .html',
    )
    .openapi({ example: '5b7f7e3e-2d0c-4a59-9d7e-0c1f0b6f3c11.pdf' }),
});

/** Ten digits from a US fax number as people write it ("1-859-455-8650", "(859) 455-8650"). */
const faxSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s().+-]/g, ''))
  .transform((digits) => (digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits))
  .refine((digits) => /^\d{10}$/.test(digits), 'a US fax number: 10 digits')
  .openapi({ type: 'string', example: '859-455-8650' });

export const payerAppealContactSchema = z
  .object({
    channel: z.enum(appealChannels).optional().openapi({
      description: 'How this office sends appeals to the payer; `fax` adds a fax cover sheet to packets',
    }),
    fax: faxSchema.optional(),
    mailingAddress: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^[^\p{Cc}]*(\n[^\p{Cc}]*)*$/u, 'lines of text without control characters')
      .optional()
      .openapi({ example: 'Aetna Provider Resolution Team\nPO Box 14020\nLexington, KY 40512' }),
    source: text(1000).openapi({
      description: 'Where the contact comes from (a payer page, a provider manual, a phone call)',
      example: 'Aetna provider manual, disputes and appeals, checked 2026-11-20',
    }),
  })
  .strict()
  .refine((contact) => contact.channel !== 'fax' || contact.fax !== undefined, {
    message: 'a fax channel needs the fax number',
    path: ['fax'],
  })
  .openapi('PayerAppealContact');

export const payerIdParamSchema = z.object({ payerId: createClaimSchema.shape.payerId });

function toHttpError(error: unknown): unknown {
  if (error instanceof AppealPacketError) {
    if (error.kind === 'not_found') return new HttpError(404, 'not_found', error.message);
    return new HttpError(422, error.kind, error.message);
  }
  if (error instanceof TemplateError) {
    return new HttpError(
      422,
      'template_invalid',
      `The appeal template ${error.file} cannot be used; fix it and generate again`,
      error.problems.map((message) => ({ field: error.file, message })),
    );
  }
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}

/**
 * Appeal packets of a claim (`POST /claims/{claimId}/appeal-packet`, the list, each document) and the
 * payers' appeal contacts that decide the fax cover. Documents are PHI: served with `no-store`.
 */
export function appealPacketRoutes(deps: { db: Db; packets: AppealPacketService }): Router {
  const router = Router();

  router.post('/claims/:claimId/appeal-packet', requirePermission('claims.act'), async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const body = appealPacketRequestSchema.parse(req.body ?? {});
    const packet = await mapped(() =>
      deps.packets.generate({
        claimId,
        actor: actorOf(res),
        ...(body.level !== undefined ? { level: body.level } : {}),
        ...(body.category ? { category: body.category } : {}),
        ...(body.atHand ? { atHand: body.atHand } : {}),
        ...(body.sender ? { sender: body.sender } : {}),
      }),
    );
    res.status(201).location(packet.links.pdf).json(packet);
  });

  router.get('/claims/:claimId/appeal-packets', requirePermission('claims.read'), async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const packets = await mapped(() => deps.packets.list({ claimId, scope: actorOf(res).clients }));
    res.json({ packets });
  });

  router.get('/claims/:claimId/appeal-packets/:file', requirePermission('claims.read'), async (req, res) => {
    const { claimId, file } = packetFileParamSchema.parse(req.params);
    const [packetId, format] = file.split('.') as [string, 'pdf' | 'html'];
    const document = await mapped(() =>
      deps.packets.document({ claimId, packetId, format, scope: actorOf(res).clients }),
    );
    res.set('Cache-Control', 'no-store');
    res.set('X-Content-Type-Options', 'nosniff');
    if (format === 'pdf') {
      res.type('application/pdf');
      res.set('Content-Disposition', `inline; filename="appeal-packet-${packetId}.pdf"`);
    } else {
      res.type('text/html; charset=utf-8');
      // The page is self-contained: no scripts, no outside resources.
      res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    }
    res.send(document);
  });

  router.get('/payers/:payerId/appeal-contact', requirePermission('payers.read'), async (req, res) => {
    const { payerId } = payerIdParamSchema.parse(req.params);
    const contact = await findPayerAppealContact(deps.db, payerId);
    if (!contact) throw new HttpError(404, 'not_found', `No payer ${payerId}`);
    res.json({ payerId, ...contact });
  });

  router.put('/payers/:payerId/appeal-contact', requirePermission('reference.write'), async (req, res) => {
    assertEveryClient(res, "A payer's appeal contact");
    const { payerId } = payerIdParamSchema.parse(req.params);
    const contact = payerAppealContactSchema.parse(req.body);
    if (!(await savePayerAppealContact(deps.db, payerId, contact))) {
      throw new HttpError(404, 'not_found', `No payer ${payerId}`);
    }
    res.json({ payerId, ...contact });
  });

  return router;
}

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/** The OpenAPI description of these routes (called by `buildOpenApiDocument`). */
export function registerAppealPacketPaths(secured: SecuredOperation): void {
  const claimIdParam = z.object({ claimId: z.string().openapi({ example: 'CLM-1001' }) });
  secured('claims.act', {
    method: 'post',
    path: '/claims/{claimId}/appeal-packet',
    summary:
      'Generate an appeal packet for a denied claim: the letter (claim facts, denial codes and meanings, level and deadline, argument points with sources, enclosure checklist) and a fax cover for payers whose appeals are faxed, as PDF and HTML; stored with the claim and listed on its timeline',
    request: {
      params: claimIdParam,
      body: {
        required: false,
        ...json(
          appealPacketRequestSchema.openapi({
            example: { atHand: ['authorization'], sender: { name: 'Jane Doe', phone: '(555) 010-0100' } },
          }),
        ),
      },
    },
    responses: {
      201: { description: 'The packet, without its documents (links to them)', ...json(appealPacketSchema) },
      400: {
        description: 'Invalid body; the fields at fault are listed and nothing was made',
        ...json(errorSchema),
      },
      404: { description: "No such claim, or not one of the caller's clients", ...json(errorSchema) },
      422: {
        description:
          'No packet can be made, with the reason: the claim is not denied (not_denied), its denial has no appeal rights (not_appealable), the payer has no such level or forwards it itself (no_such_level), or a template has problems (template_invalid, each named)',
        ...json(errorSchema),
      },
    },
  });
  secured('claims.read', {
    method: 'get',
    path: '/claims/{claimId}/appeal-packets',
    summary: "A claim's appeal packets, newest first, without their documents",
    request: { params: claimIdParam },
    responses: {
      200: { description: 'The packets', ...json(appealPacketListSchema) },
      404: { description: "No such claim, or not one of the caller's clients", ...json(errorSchema) },
    },
  });
  secured('claims.read', {
    method: 'get',
    path: '/claims/{claimId}/appeal-packets/{file}',
    summary:
      'One packet as it was generated: `<packetId>.pdf` or `<packetId>.html` (PHI, served with no-store)',
    request: { params: packetFileParamSchema },
    responses: {
      200: {
        description: 'The PDF, or the self-contained HTML page',
        content: {
          'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
          'text/html': { schema: z.string() },
        },
      },
      400: { description: 'Not a packet id with .pdf or .html', ...json(errorSchema) },
      404: { description: 'No such claim or packet', ...json(errorSchema) },
    },
  });
  const contactAnswer = payerAppealContactSchema.and(z.object({ payerId: z.string() }));
  secured('payers.read', {
    method: 'get',
    path: '/payers/{payerId}/appeal-contact',
    summary: "Where a payer takes provider appeals: channel, fax, mailing address and the contact's source",
    request: { params: payerIdParamSchema },
    responses: {
      200: { description: 'The contact (empty fields when none is on file)', ...json(contactAnswer) },
      404: { description: 'No such payer', ...json(errorSchema) },
    },
  });
  secured('reference.write', {
    method: 'put',
    path: '/payers/{payerId}/appeal-contact',
    summary:
      "Set where a payer takes provider appeals; `channel: fax` puts a fax cover on the payer's packets",
    request: {
      params: payerIdParamSchema,
      body: json(
        payerAppealContactSchema.openapi({
          example: {
            channel: 'fax',
            fax: '859-455-8650',
            mailingAddress: 'Aetna Provider Resolution Team\nPO Box 14020\nLexington, KY 40512',
            source: 'Aetna provider complaint and appeal request form, checked 2026-11-20',
          },
        }),
      ),
    },
    responses: {
      200: { description: 'Saved', ...json(contactAnswer) },
      400: { description: 'Invalid contact; the fields at fault are listed', ...json(errorSchema) },
      404: { description: 'No such payer', ...json(errorSchema) },
    },
  });
}
