/**
 * Writes a packet document as a PDF (pdfkit, US Letter, the standard Helvetica faces so it prints and
 * faxes anywhere), with "page n of N" on every page. Checkboxes are written as [x] and [ ] so the text
 * reads the same when extracted, faxed or read aloud.
 */
import PDFDocument from 'pdfkit';
import type { Block, Inline, PacketDocument } from './document';

const MARGIN = { top: 60, bottom: 72, left: 64, right: 64 };
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const SIZE = 10.5;

/** Characters outside Windows-1252 that the standard fonts cannot draw, and what to draw instead. */
const substitutes: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '→': '->',
  '←': '<-',
  '✓': 'x',
  '✔': 'x',
  '☐': '[ ]',
  '☑': '[x]',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard PDF fonts can draw: Latin-1 and the Windows-1252 extras; others approximated. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) {
      out += char;
    } else if (substitutes[char] !== undefined) {
      out += substitutes[char];
    } else if (char === '\n' || char === '\t') {
      out += ' ';
    } else {
      const stripped = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(stripped) ? stripped : '?';
    }
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

function width(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN.bottom;
}

/** Starts a new page unless `needed` points fit on this one. */
function ensureRoom(doc: Doc, needed: number): void {
  if (doc.y + needed > bottom(doc)) doc.addPage();
}

function writeInline(
  doc: Doc,
  parts: readonly Inline[],
  options: { x: number; width: number; size?: number },
): void {
  const visible = parts.filter((part) => part.text !== '');
  if (visible.length === 0) {
    doc.moveDown(0.5);
    return;
  }
  doc.fontSize(options.size ?? SIZE);
  visible.forEach((part, i) => {
    doc.font(part.bold ? BOLD : FONT);
    const continued = i < visible.length - 1;
    if (i === 0) doc.text(pdfSafe(part.text), options.x, doc.y, { width: options.width, continued });
    else doc.text(pdfSafe(part.text), { continued });
  });
}

function writeTable(doc: Doc, columns: [string, string], rows: [string, string][]): void {
  const total = width(doc);
  const widths = [total * 0.32, total * 0.68];
  const pad = 4;
  const heightOf = (cells: [string, string], bold: boolean) => {
    doc.fontSize(SIZE - 0.5).font(bold ? BOLD : FONT);
    return (
      Math.max(
        ...cells.map((text, i) => doc.heightOfString(pdfSafe(text), { width: widths[i]! - 2 * pad })),
      ) +
      2 * pad
    );
  };
  const row = (cells: [string, string], bold: boolean, keepWith = 0) => {
    const height = heightOf(cells, bold);
    ensureRoom(doc, height + keepWith);
    doc.fontSize(SIZE - 0.5).font(bold ? BOLD : FONT);
    const texts = cells.map(pdfSafe);
    const y = doc.y;
    let x = MARGIN.left;
    texts.forEach((text, i) => {
      const w = widths[i]!;
      if (bold) doc.rect(x, y, w, height).fillAndStroke('#eeeeee', '#999999').fillColor('#000000');
      else doc.rect(x, y, w, height).strokeColor('#999999').stroke();
      doc.text(text, x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    });
    doc.x = MARGIN.left;
    doc.y = y + height;
  };
  // The header never ends a page alone: it keeps the first row with it.
  row(columns, true, rows[0] ? heightOf(rows[0], false) : 0);
  for (const cells of rows) row(cells, false);
  doc.moveDown(0.6);
}

function writeBlock(doc: Doc, block: Block): void {
  const left = MARGIN.left;
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 1 ? 20 : block.level === 2 ? 13 : 11.5;
      // Keep a heading with the start of what it heads (a line or two and a table's first rows).
      ensureRoom(doc, size * 2 + 96);
      doc.moveDown(0.4);
      writeInline(
        doc,
        block.content.map((part) => ({ ...part, bold: true })),
        { x: left, width: width(doc), size },
      );
      doc.moveDown(0.3);
      return;
    }
    case 'paragraph':
      ensureRoom(doc, SIZE * 2);
      for (const line of block.lines) writeInline(doc, line, { x: left, width: width(doc) });
      doc.moveDown(0.6);
      return;
    case 'list':
      block.items.forEach((item, i) => {
        ensureRoom(doc, SIZE * 2);
        const y = doc.y;
        doc
          .font(FONT)
          .fontSize(SIZE)
          .text(block.ordered ? `${i + 1}.` : '-', left, y, { width: 18 });
        doc.y = y;
        writeInline(doc, item, { x: left + 18, width: width(doc) - 18 });
        doc.moveDown(0.25);
      });
      doc.x = left;
      doc.moveDown(0.4);
      return;
    case 'table':
      writeTable(doc, block.columns, block.rows);
      return;
    case 'checklist':
      for (const entry of block.entries) {
        ensureRoom(doc, SIZE * 3.5);
        doc
          .font(BOLD)
          .fontSize(SIZE)
          .text(pdfSafe(`[${entry.checked ? 'x' : ' '}] ${entry.label}`), left, doc.y, {
            width: width(doc),
          });
        doc
          .font(FONT)
          .fontSize(SIZE - 1.5)
          .fillColor('#333333')
          .text(pdfSafe(entry.note), left + 22, doc.y, {
            width: width(doc) - 22,
          });
        doc.fillColor('#000000').moveDown(0.35);
      }
      doc.x = left;
      doc.moveDown(0.3);
      return;
    case 'notes':
      doc.font(FONT).fontSize(8.5).fillColor('#333333');
      for (const item of block.items) {
        ensureRoom(doc, 20);
        doc.text(pdfSafe(item), left, doc.y, { width: width(doc) });
        doc.moveDown(0.15);
      }
      doc.fillColor('#000000').fontSize(SIZE);
      doc.moveDown(0.4);
      return;
    case 'page_break':
      doc.addPage();
      return;
  }
}

/** The packet as PDF bytes, with its page count. `footer` is printed beside the page numbers. */
export async function writePdf(
  document: PacketDocument,
  options: { createdAt: Date; footer: string },
): Promise<{ pdf: Buffer; pages: number }> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: pdfSafe(document.title),
      Creator: 'Tickler',
      Producer: 'Tickler',
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  document.sections.forEach((section, i) => {
    if (i > 0) doc.addPage();
    for (const block of section.blocks) writeBlock(doc, block);
  });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the bottom margin would start a new page; lift the margin while the footer is written.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor('#555555')
      .text(
        pdfSafe(`${options.footer} · page ${i + 1} of ${range.count}`),
        MARGIN.left,
        doc.page.height - 40,
        {
          width: width(doc),
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = margin;
  }
  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), pages: range.count };
}
