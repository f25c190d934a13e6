/**
 * The one renderer: templates and packet data in, a small document model out (headings, paragraphs,
 * lists, tables, a checklist, numbered notes, page breaks), which `./html` and `./pdf` write. Templates
 * use a Markdown subset: `#`/`##`/`###` headings, paragraphs (each line is kept as a line, as letters
 * need), `- ` bullets, `**bold**`, `<!-- comments -->` on their own lines, and placeholders.
 */
import { describeClaimStatus } from '../domain/claim-status-detail';
import { lookupCarc, lookupCasGroup, lookupRarc } from '../domain/remittance';
import { type ChecklistEntry, isAtHand } from './checklist';
import {
  type BlockName,
  type DenialCodeLine,
  type PacketData,
  type PlaceholderName,
  formatFax,
  placeholders,
} from './placeholders';
import { COMMENT_LINE, type TemplateSet } from './template';

export interface Inline {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; content: Inline[] }
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'table'; columns: [string, string]; rows: [string, string][] }
  | { kind: 'checklist'; entries: { checked: boolean; label: string; note: string }[] }
  | { kind: 'notes'; items: string[] }
  | { kind: 'page_break' };

export interface PacketDocument {
  title: string;
  /** The fax cover (when included) and the letter; each starts a page. */
  sections: { kind: 'fax_cover' | 'letter'; blocks: Block[] }[];
}

/** Shown where a value is not on file; each such placeholder is also named in the warnings. */
export const NOT_ON_FILE = '(not on file)';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const BLOCK_LINE = /^\s*\{\{\s*block:([a-z_]+)\s*\}\}\s*$/;

class RenderContext {
  readonly missing = new Set<string>();
  constructor(readonly data: PacketData) {}

  value(name: string): string {
    const entry = placeholders[name as PlaceholderName];
    // Templates are checked when parsed; this guards text that was not (argument points built in code).
    if (!entry) throw new Error(`unknown placeholder {{${name}}}`);
    const value = entry.value(this.data);
    if (value === undefined || value === '') {
      this.missing.add(name);
      return NOT_ON_FILE;
    }
    return value;
  }

  /** Template text with placeholders filled; `**` toggles bold in the template's words, never in values. */
  inline(source: string): Inline[] {
    const out: Inline[] = [];
    let bold = false;
    const push = (text: string) => {
      if (text === '') return;
      const last = out.at(-1);
      if (last && last.bold === bold) last.text += text;
      else out.push({ text, bold });
    };
    let at = 0;
    for (const match of source.matchAll(PLACEHOLDER)) {
      const literal = source.slice(at, match.index);
      literal.split('**').forEach((part, i) => {
        if (i > 0) bold = !bold;
        push(part);
      });
      push(this.value(match[1]!));
      at = match.index + match[0].length;
    }
    source
      .slice(at)
      .split('**')
      .forEach((part, i) => {
        if (i > 0) bold = !bold;
        push(part);
      });
    return out;
  }

  plain(source: string): string {
    return this.inline(source)
      .map((part) => part.text)
      .join('');
  }
}

function textOf(inline: Inline[]): string {
  return inline.map((part) => part.text).join('');
}

/** Parses template text into blocks; `{{block:x}}` lines are expanded by `expand`. */
function parseBlocks(ctx: RenderContext, body: string, expand: (name: BlockName) => Block[]): Block[] {
  const blocks: Block[] = [];
  let paragraph: Inline[][] = [];
  let list: Inline[][] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    if (list.length > 0) blocks.push({ kind: 'list', ordered: false, items: list });
    paragraph = [];
    list = [];
  };
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (COMMENT_LINE.test(line)) continue;
    if (line.trim() === '') {
      flush();
      continue;
    }
    const block = BLOCK_LINE.exec(line);
    if (block) {
      flush();
      blocks.push(...expand(block[1] as BlockName));
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({
        kind: 'heading',
        level: heading[1]!.length as 1 | 2 | 3,
        content: ctx.inline(heading[2]!),
      });
      continue;
    }
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      if (paragraph.length > 0) flush();
      list.push(ctx.inline(bullet[1]!));
      continue;
    }
    if (list.length > 0) flush();
    paragraph.push(ctx.inline(line.trim()));
  }
  flush();
  return blocks;
}

function factRows(ctx: RenderContext): [string, string][] {
  const { data } = ctx;
  const rows: [string, string][] = [
    ['Claim', ctx.value('claim.id')],
    ['Payer claim number', ctx.value('claim.payerClaimNumber')],
    ['Payer', ctx.value('payer.name')],
    ['Patient', ctx.value('patient.name')],
    ['Patient date of birth', ctx.value('patient.dateOfBirth')],
  ];
  if (data.parties?.patient) rows.push(['Subscriber', ctx.value('subscriber.name')]);
  rows.push(
    ['Member ID', ctx.value('subscriber.memberId')],
    ['Patient account', ctx.value('claim.patientAccount')],
    ['Date(s) of service', ctx.value('claim.datesOfService')],
    ['Billed', ctx.value('claim.billed')],
    ['Paid', ctx.value('claim.paid')],
    ['Denial notice date', ctx.value('denial.noticeDate')],
    ['Billing provider', ctx.value('provider.name')],
    ['NPI', ctx.value('provider.npi')],
  );
  return rows;
}

function codeRows(data: PacketData): [string, string][] {
  if (data.denial.codes.length === 0) {
    return [
      ['(none on file)', 'The denial was recorded without reason codes: enclose the remittance or letter'],
    ];
  }
  return data.denial.codes.map((line) => {
    if (line.kind !== 'adjustment') return [line.code, line.meaning];
    const [group] = line.code.split('-');
    // "Contractual obligation: the provider absorbs it ..." → "group CO, contractual obligation".
    const groupName = group ? lookupCasGroup(group)?.meaning.split(/[:(]/)[0]?.trim() : undefined;
    return [
      line.code,
      groupName ? `${line.meaning} (group ${group}, ${groupName.toLowerCase()})` : line.meaning,
    ];
  });
}

function checklistBlock(entries: readonly ChecklistEntry[]): Block {
  return {
    kind: 'checklist',
    entries: entries.map((entry) => ({
      checked: isAtHand(entry),
      label: entry.label,
      note: entry.why ? `${entry.note}. Why: ${entry.why}` : entry.note,
    })),
  };
}

/** Renders the packet: the fax cover (when asked for) and the letter. */
export function renderPacket(
  templates: TemplateSet,
  data: PacketData,
  options: { faxCover: boolean },
): { document: PacketDocument; missing: string[] } {
  const ctx = new RenderContext(data);
  const { category } = templates;
  const sourceNumber = new Map(category.sources.map((source, i) => [source.id, i + 1]));

  const expand = (name: BlockName): Block[] => {
    switch (name) {
      case 'letterhead': {
        const lines: Inline[][] = [[{ text: ctx.value('provider.name'), bold: true }]];
        lines.push(ctx.inline('NPI {{provider.npi}}'));
        const contact = [data.sender.phone, data.sender.email].filter(Boolean).join(' · ');
        if (contact) lines.push([{ text: contact, bold: false }]);
        return [{ kind: 'paragraph', lines }];
      }
      case 'payer_address': {
        const { contact } = data.payer;
        const lines: Inline[][] = [
          [{ text: data.payer.name, bold: true }],
          [{ text: 'Provider appeals', bold: false }],
        ];
        const address = contact.mailingAddress?.split('\n').filter((line) => line.trim() !== '');
        if (address && address.length > 0)
          lines.push(...address.map((line) => [{ text: line, bold: false }]));
        else {
          ctx.missing.add('payer.appealAddress');
          lines.push([
            {
              text: 'Address: (not on file: use the address on the remittance or denial letter)',
              bold: false,
            },
          ]);
        }
        if (contact.fax) lines.push([{ text: `Fax ${formatFax(contact.fax)}`, bold: false }]);
        return [{ kind: 'paragraph', lines }];
      }
      case 'claim_facts':
        return [{ kind: 'table', columns: ['Claim', 'As on file'], rows: factRows(ctx) }];
      case 'denial_codes':
        return [{ kind: 'table', columns: ['Code', 'Meaning'], rows: codeRows(data) }];
      case 'arguments':
        return [
          {
            kind: 'list',
            ordered: true,
            items: category.arguments.map((argument) => {
              const refs = argument.sources.map((id) => `[${sourceNumber.get(id)}]`).join('');
              return [
                ...ctx.inline(argument.point.trim().replace(/\s+/g, ' ')),
                { text: ` ${refs}`, bold: false },
              ];
            }),
          },
        ];
      case 'checklist':
        return [checklistBlock(data.checklist)];
      case 'sources':
        return [
          {
            kind: 'notes',
            items: category.sources.map((source, i) => `[${i + 1}] ${source.title}. ${source.url}`),
          },
        ];
      case 'body':
        return parseBlocks(ctx, category.body, expand);
      case 'page_break':
        return [{ kind: 'page_break' }];
    }
  };

  const sections: PacketDocument['sections'] = [];
  if (options.faxCover) {
    sections.push({ kind: 'fax_cover', blocks: parseBlocks(ctx, templates.faxCover.body, expand) });
  }
  sections.push({ kind: 'letter', blocks: parseBlocks(ctx, templates.layout.body, expand) });
  return {
    document: {
      title: `Appeal: claim ${data.claim.id}, ${textOf(ctx.inline('{{appeal.levelName}}'))}`,
      sections,
    },
    missing: [...ctx.missing].sort(),
  };
}

/** The denial's codes with their meanings, from Tickler's CARC, RARC and 277 status tables. */
export function denialCodeLines(denial: {
  adjustments: readonly { group: string; carc: string }[];
  remarks: readonly string[];
  status?: { category: string; code?: string };
}): DenialCodeLine[] {
  const lines: DenialCodeLine[] = denial.adjustments.map((a) => ({
    code: `${a.group}-${a.carc}`,
    kind: 'adjustment',
    meaning: lookupCarc(a.carc)?.meaning ?? "Reason code not in Tickler's table (X12 code list 139)",
  }));
  for (const remark of denial.remarks) {
    lines.push({
      code: remark,
      kind: 'remark',
      meaning: lookupRarc(remark)?.meaning ?? "Remark code not in Tickler's table (X12 code list 411)",
    });
  }
  if (denial.status) {
    const { category, code } = denial.status;
    lines.push({
      code: `${category}${code ? `:${code}` : ''}`,
      kind: 'status',
      meaning: describeClaimStatus(denial.status)
        .replace(/^\S+ — /, '')
        .replace(/^./, (c) => c.toUpperCase()),
    });
  }
  return lines;
}
