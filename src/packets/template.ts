/**
 * Appeal packet templates: Markdown files an office can edit, each with YAML front matter.
 *
 * - `_layout.md`: the letter every packet shares (letterhead, addresses, claim facts, codes, argument
 *   points, enclosures, signature), with `{{block:body}}` where the category's text goes.
 * - `_fax-cover.md`: the cover sheet, for payers whose appeals are faxed.
 * - `<category>.md` (and optionally `<category>.level-<n>.md` for one appeal level): the category's
 *   letter text, its argument points (each citing a public source) and its enclosure checklist.
 *
 * Files are read when a packet is generated, so an edit changes the next packet and never a stored one.
 * Everything here parses and checks; rendering is in `./document`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type AppealCategory, appealCategories } from '../domain/appeal-category';
import { type ChecklistItemSpec, attachmentKinds, evidenceKinds } from './checklist';
import { blockNames, placeholderNames } from './placeholders';

/** Where the templates are unless APPEAL_TEMPLATES_DIR says otherwise (relative to the working directory). */
export const DEFAULT_TEMPLATES_DIR = 'templates/appeals';

/** A template file that cannot be used, with every problem found (no packet is made from it). */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Template ${file} cannot be used: ${problems.join('; ')}`);
    this.name = 'TemplateError';
  }
}

const text = z.string().trim().min(1, 'required');

const sourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes'),
    title: text,
    url: z.url({ protocol: /^https?$/, error: 'an http(s) address' }),
  })
  .strict();

const frontMatterBase = { version: z.number().int().positive() };

const categoryFrontMatter = z
  .object({
    id: z.enum(appealCategories),
    ...frontMatterBase,
    title: text,
    appliesTo: text.optional(),
    arguments: z
      .array(
        z.object({ point: text, sources: z.array(z.string()).min(1, 'cite at least one source') }).strict(),
      )
      .min(1, 'at least one argument point'),
    checklist: z
      .array(
        z
          .object({
            item: z.enum(attachmentKinds),
            label: text.optional(),
            why: text.optional(),
            evidence: z.array(z.enum(evidenceKinds)).default([]),
          })
          .strict(),
      )
      .min(1, 'at least one enclosure'),
    sources: z.array(sourceSchema).min(1, 'at least one source'),
  })
  .strict();

const partFrontMatter = z.object({ id: z.enum(['layout', 'fax-cover']), ...frontMatterBase }).strict();

export type TemplateSource = z.infer<typeof sourceSchema>;

export interface CategoryTemplate {
  file: string;
  id: AppealCategory;
  version: number;
  /** The appeal level this file is for, when it is a `<category>.level-<n>.md` variant. */
  level?: number;
  title: string;
  appliesTo?: string;
  arguments: { point: string; sources: string[] }[];
  checklist: ChecklistItemSpec[];
  sources: TemplateSource[];
  body: string;
  /** Line of the body's first line in the file, for messages. */
  bodyLine: number;
  raw: string;
}

export interface PartTemplate {
  file: string;
  id: 'layout' | 'fax-cover';
  version: number;
  body: string;
  bodyLine: number;
  raw: string;
}

/** The three files a packet is made from. */
export interface TemplateSet {
  layout: PartTemplate;
  faxCover: PartTemplate;
  category: CategoryTemplate;
  /** sha256 of the three files as read: which edit produced a packet. */
  sha256: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** A line that is only an HTML comment: skipped when rendering, so not checked. */
export const COMMENT_LINE = /^\s*<!--.*-->\s*$/;

function splitFrontMatter(file: string, raw: string): { meta: unknown; body: string; bodyLine: number } {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new TemplateError(file, ['must start with a --- front matter line']);
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) throw new TemplateError(file, ['front matter is not closed by a --- line']);
  let meta: unknown;
  try {
    meta = parseYaml(lines.slice(1, end).join('\n'));
  } catch (error) {
    throw new TemplateError(file, [`front matter is not valid YAML: ${(error as Error).message}`]);
  }
  return { meta, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

/** Problems with the placeholders of `body` (unknown names, blocks not alone on a line, misplaced blocks). */
export function placeholderProblems(
  body: string,
  options: { firstLine: number; blocks: readonly string[]; where?: string },
): string[] {
  const problems: string[] = [];
  body.split('\n').forEach((line, i) => {
    const at = options.where ?? `line ${options.firstLine + i}`;
    if (COMMENT_LINE.test(line)) return;
    for (const match of line.matchAll(PLACEHOLDER)) {
      const name = match[1]!;
      if (name.startsWith('block:')) {
        const block = name.slice('block:'.length);
        if (!options.blocks.includes(block)) {
          problems.push(
            `${at}: unknown block {{${name}}} (blocks here: ${options.blocks.map((b) => `block:${b}`).join(', ')})`,
          );
        } else if (line.trim() !== match[0]) {
          problems.push(`${at}: {{${name}}} must be alone on its line`);
        }
      } else if (!placeholderNames.includes(name)) {
        problems.push(`${at}: unknown placeholder {{${name}}}`);
      }
    }
    const stray = line.replace(PLACEHOLDER, '');
    if (stray.includes('{{') || stray.includes('}}')) problems.push(`${at}: unbalanced {{ or }}`);
  });
  return problems;
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(front matter)'}: ${issue.message}`);
}

const categoryBlocks = blockNames.filter((name) => name !== 'body');

/** Parses and checks a category template; throws a TemplateError listing every problem. */
export function parseCategoryTemplate(file: string, raw: string): CategoryTemplate {
  const { meta, body, bodyLine } = splitFrontMatter(file, raw);
  const parsed = categoryFrontMatter.safeParse(meta);
  if (!parsed.success) throw new TemplateError(file, zodProblems(parsed.error));
  const fm = parsed.data;
  const problems: string[] = [];
  const name = /^([a-z_]+)(?:\.level-(\d))?\.md$/.exec(path.basename(file));
  if (!name || name[1] !== fm.id) problems.push(`id "${fm.id}" must match the file name (${fm.id}.md)`);
  const sourceIds = new Set<string>();
  for (const source of fm.sources) {
    if (sourceIds.has(source.id)) problems.push(`sources: "${source.id}" is listed twice`);
    sourceIds.add(source.id);
  }
  fm.arguments.forEach((argument, i) => {
    for (const id of argument.sources) {
      if (!sourceIds.has(id)) problems.push(`arguments.${i}.sources: no source "${id}" in sources`);
    }
    problems.push(
      ...placeholderProblems(argument.point, { firstLine: 0, blocks: [], where: `arguments.${i}.point` }),
    );
  });
  const cited = new Set(fm.arguments.flatMap((a) => a.sources));
  for (const id of sourceIds) if (!cited.has(id)) problems.push(`sources: "${id}" is cited by no argument`);
  const items = fm.checklist.map((c) => c.item);
  items.forEach((item, i) => {
    if (items.indexOf(item) !== i) problems.push(`checklist: "${item}" is listed twice`);
  });
  problems.push(...placeholderProblems(body, { firstLine: bodyLine, blocks: categoryBlocks }));
  if (problems.length > 0) throw new TemplateError(file, problems);
  return {
    file,
    id: fm.id,
    version: fm.version,
    ...(name?.[2] ? { level: Number(name[2]) } : {}),
    title: fm.title,
    ...(fm.appliesTo ? { appliesTo: fm.appliesTo } : {}),
    arguments: fm.arguments,
    checklist: fm.checklist.map((c) => ({
      item: c.item,
      evidence: c.evidence,
      ...(c.label ? { label: c.label } : {}),
      ...(c.why ? { why: c.why } : {}),
    })),
    sources: fm.sources,
    body,
    bodyLine,
    raw,
  };
}

/** Parses and checks `_layout.md` or `_fax-cover.md`. */
export function parsePartTemplate(file: string, raw: string, expected: 'layout' | 'fax-cover'): PartTemplate {
  const { meta, body, bodyLine } = splitFrontMatter(file, raw);
  const parsed = partFrontMatter.safeParse(meta);
  if (!parsed.success) throw new TemplateError(file, zodProblems(parsed.error));
  const problems: string[] = [];
  if (parsed.data.id !== expected) problems.push(`id must be "${expected}"`);
  const blocks = expected === 'layout' ? blockNames : [];
  problems.push(...placeholderProblems(body, { firstLine: bodyLine, blocks }));
  if (expected === 'layout' && !/^\s*\{\{\s*block:body\s*\}\}\s*$/m.test(body)) {
    problems.push("the layout needs {{block:body}} where the category's text goes");
  }
  if (problems.length > 0) throw new TemplateError(file, problems);
  return { file, id: parsed.data.id, version: parsed.data.version, body, bodyLine, raw };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readRequired(dir: string, name: string): Promise<{ file: string; raw: string }> {
  const file = path.join(dir, name);
  const raw = await readOptional(file);
  if (raw === undefined) throw new TemplateError(name, [`missing from the templates folder ${dir}`]);
  return { file: name, raw };
}

/**
 * Reads the layout, the fax cover and the template for `category` at `level` (the level's own file
 * when there is one, else the category's) from `dir`, as they are now.
 */
export async function loadTemplateSet(
  dir: string,
  category: AppealCategory,
  level: number,
): Promise<TemplateSet> {
  const layout = await readRequired(dir, '_layout.md');
  const faxCover = await readRequired(dir, '_fax-cover.md');
  const levelName = `${category}.level-${level}.md`;
  const levelRaw = await readOptional(path.join(dir, levelName));
  const own =
    levelRaw === undefined ? await readRequired(dir, `${category}.md`) : { file: levelName, raw: levelRaw };
  const sha256 = createHash('sha256');
  for (const part of [layout, faxCover, own]) sha256.update(`${part.file}\n${part.raw}\n`);
  return {
    layout: parsePartTemplate(layout.file, layout.raw, 'layout'),
    faxCover: parsePartTemplate(faxCover.file, faxCover.raw, 'fax-cover'),
    category: parseCategoryTemplate(own.file, own.raw),
    sha256: sha256.digest('hex'),
  };
}
