import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { appealCategories } from '../../../src/domain/appeal-category';
import { attachmentKinds, evidenceKinds } from '../../../src/packets/checklist';
import { NOT_ON_FILE, renderPacket } from '../../../src/packets/document';
import { writeHtml } from '../../../src/packets/html';
import { pdfSafe, writePdf } from '../../../src/packets/pdf';
import { blockNames, placeholderNames } from '../../../src/packets/placeholders';
import {
  DEFAULT_TEMPLATES_DIR,
  TemplateError,
  loadTemplateSet,
  parseCategoryTemplate,
  parsePartTemplate,
} from '../../../src/packets/template';
import { fullPacketData } from './sample';

const dir = path.resolve(DEFAULT_TEMPLATES_DIR);

async function categoryFiles(): Promise<
  { file: string; category: (typeof appealCategories)[number]; level: number }[]
> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md') && !name.startsWith('_'));
  return files.map((file) => {
    const [, category, level] = /^([a-z_]+)(?:\.level-(\d))?\.md$/.exec(file)!;
    return { file, category: category as (typeof appealCategories)[number], level: Number(level ?? 1) };
  });
}

async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

const validCategory = `---
id: general
version: 1
title: Test
arguments:
  - point: A point about {{claim.id}}.
    sources: [one]
checklist:
  - item: claim_copy
sources:
  - id: one
    title: A source
    url: https://example.org/source
---
Body for {{claim.id}}.
`;

describe('appeal packet templates', () => {
  it('has a template for every denial category', async () => {
    const files = await categoryFiles();
    for (const category of appealCategories) {
      expect(
        files.some((f) => f.category === category && f.level === 1),
        category,
      ).toBe(true);
    }
  });

  it('renders every template in the folder with every placeholder known and filled', async () => {
    const files = await categoryFiles();
    expect(files.length).toBeGreaterThanOrEqual(appealCategories.length);
    for (const { file, category, level } of files) {
      const templates = await loadTemplateSet(dir, category, level);
      expect(templates.category.file, file).toBe(file);
      const { document, missing } = renderPacket(templates, fullPacketData(templates), { faxCover: true });
      expect(missing, file).toEqual([]);
      const html = writeHtml(document);
      expect(html, file).not.toMatch(/\{\{|\}\}/);
      expect(html, file).not.toContain(NOT_ON_FILE);
      expect(html, file).toContain('CLM-7788');
      // Every argument point is printed with the numbers of the sources it cites, and every source listed.
      for (const [i, source] of templates.category.sources.entries()) {
        expect(html, `${file} source ${source.id}`).toContain(
          `[${i + 1}] ${source.title.replaceAll("'", '&#39;')}`,
        );
      }
      const { pdf, pages } = await writePdf(document, {
        createdAt: new Date('2026-11-20T12:00:00Z'),
        footer: file,
      });
      expect(pages, file).toBeGreaterThanOrEqual(2);
      const text = await pdfText(pdf);
      expect(text, file).toContain('CLM-7788');
      expect(text, file).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('picks the level variant for its level and the category template for the others', async () => {
    expect((await loadTemplateSet(dir, 'medical_necessity', 2)).category.file).toBe(
      'medical_necessity.level-2.md',
    );
    expect((await loadTemplateSet(dir, 'medical_necessity', 1)).category.file).toBe('medical_necessity.md');
    expect((await loadTemplateSet(dir, 'medical_necessity', 3)).category.file).toBe('medical_necessity.md');
  });

  it('refuses an unknown placeholder, naming its line', () => {
    const raw = validCategory.replace('Body for {{claim.id}}.', 'Body for {{claim.idd}}.');
    expect(() => parseCategoryTemplate('general.md', raw)).toThrow(TemplateError);
    try {
      parseCategoryTemplate('general.md', raw);
    } catch (error) {
      expect((error as TemplateError).problems).toEqual(['line 15: unknown placeholder {{claim.idd}}']);
    }
  });

  it('refuses a block inside a line, a block that does not exist, and unbalanced braces', () => {
    const raw = validCategory.replace(
      'Body for {{claim.id}}.',
      'See {{block:claim_facts}} here\n{{block:footer}}\nOpen {{claim.id} brace',
    );
    const problems = (() => {
      try {
        parseCategoryTemplate('general.md', raw);
        return [];
      } catch (error) {
        return [...(error as TemplateError).problems];
      }
    })();
    expect(problems).toEqual([
      'line 15: {{block:claim_facts}} must be alone on its line',
      expect.stringMatching(/^line 16: unknown block \{\{block:footer\}\}/),
      'line 17: unbalanced {{ or }}',
    ]);
  });

  it('refuses an argument without a known source, a source nobody cites, and a checklist item Tickler does not know', () => {
    const raw = validCategory
      .replace('sources: [one]', 'sources: [two]')
      .replace('item: claim_copy', 'item: x_ray');
    expect(() => parseCategoryTemplate('general.md', raw)).toThrow(/checklist\.0\.item/);
    const unsourced = validCategory.replace('sources: [one]', 'sources: [two]');
    expect(() => parseCategoryTemplate('general.md', unsourced)).toThrow(
      /arguments\.0\.sources: no source "two".*sources: "one" is cited by no argument/,
    );
  });

  it('refuses a template whose id does not match its file, and a layout without the body block', () => {
    expect(() => parseCategoryTemplate('coding.md', validCategory)).toThrow(/must match the file name/);
    expect(() =>
      parsePartTemplate('_layout.md', '---\nid: layout\nversion: 1\n---\nNo body\n', 'layout'),
    ).toThrow(/needs \{\{block:body\}\}/);
  });

  it('prints "(not on file)" for a value the claim lacks and names it, never its neighbours', async () => {
    const templates = await loadTemplateSet(dir, 'authorization', 1);
    const data = fullPacketData(templates);
    const { parties: _parties, ...withoutParties } = data;
    const { missing } = renderPacket(
      templates,
      { ...withoutParties, sender: { name: 'jane' }, claim: { ...data.claim, payerClaimNumber: undefined } },
      { faxCover: true },
    );
    expect(missing).toEqual([
      'claim.payerClaimNumber',
      'patient.dateOfBirth',
      'patient.name',
      'provider.name',
      'provider.npi',
      'sender.phone',
      'subscriber.memberId',
    ]);
  });

  it('escapes values in HTML and never reads ** inside a value as bold', async () => {
    const templates = await loadTemplateSet(dir, 'general', 1);
    const data = fullPacketData(templates);
    const html = writeHtml(
      renderPacket(
        templates,
        { ...data, sender: { name: '<script>alert(1)</script> **bold**' } },
        { faxCover: false },
      ).document,
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; **bold**');
  });

  it('puts the fax cover first when asked, and leaves it out otherwise', async () => {
    const templates = await loadTemplateSet(dir, 'general', 1);
    const data = fullPacketData(templates);
    const withCover = renderPacket(templates, data, { faxCover: true }).document;
    const without = renderPacket(templates, data, { faxCover: false }).document;
    expect(withCover.sections.map((s) => s.kind)).toEqual(['fax_cover', 'letter']);
    expect(without.sections.map((s) => s.kind)).toEqual(['letter']);
    const text = await pdfText((await writePdf(withCover, { createdAt: new Date(), footer: 'f' })).pdf);
    expect(text).toMatch(/^FAX/);
    expect(text).toContain('Fax: (859) 455-8650');
    expect(text).toContain('Pages, this cover included: 5');
  });

  it('changes the recorded sha256 when a template is edited, so each packet names the edit it came from', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'tickler-templates-'));
    try {
      await cp(dir, copy, { recursive: true });
      const before = await loadTemplateSet(copy, 'duplicate', 1);
      const file = path.join(copy, 'duplicate.md');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('We checked the claim', 'We have checked the claim'),
      );
      const after = await loadTemplateSet(copy, 'duplicate', 1);
      expect(after.sha256).not.toBe(before.sha256);
      expect(after.category.body).toContain('We have checked the claim');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('draws only characters the standard PDF fonts have', () => {
    expect(pdfSafe('≥ 2 → ✓ café — “quoted” ☐')).toBe('>= 2 -> x café — “quoted” [ ]');
    expect(pdfSafe('漢')).toBe('?');
  });
});

describe('docs/appeal-packets.md', () => {
  it('lists exactly the placeholders, blocks, attachment kinds and evidence kinds the code knows', async () => {
    const doc = await readFile(path.resolve('docs/appeal-packets.md'), 'utf8');
    const column = (pattern: RegExp) => [...doc.matchAll(pattern)].map((m) => m[1]!).sort();
    expect(column(/^\| `\{\{([a-zA-Z.]+)\}\}` /gm)).toEqual([...placeholderNames].sort());
    expect(column(/^\| `\{\{block:([a-z_]+)\}\}` /gm)).toEqual([...blockNames].sort());
    const section = (title: string) =>
      doc.slice(doc.indexOf(title), doc.indexOf('\n#', doc.indexOf(title) + 1));
    expect(
      [...section('### Attachment kinds').matchAll(/^\| `([a-z_]+)` /gm)].map((m) => m[1]).sort(),
    ).toEqual([...attachmentKinds].sort());
    expect([...section('### Evidence kinds').matchAll(/^\| `([a-z_]+)` /gm)].map((m) => m[1]).sort()).toEqual(
      [...evidenceKinds].sort(),
    );
  });
});
