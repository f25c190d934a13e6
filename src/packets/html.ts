/**
 * Writes a packet document as one self-contained, printable HTML page (inline styles, no scripts, no
 * external resources), so it opens the same in a browser, an e-mail client or a document system.
 */
import type { Block, Inline, PacketDocument } from './document';

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function inline(parts: readonly Inline[]): string {
  return parts
    .map((part) => (part.bold ? `<strong>${escape(part.text)}</strong>` : escape(part.text)))
    .join('');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level + 1}>${inline(b.content)}</h${b.level + 1}>`;
    case 'paragraph':
      return `<p>${b.lines.map(inline).join('<br>\n')}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${b.items.map((item) => `  <li>${inline(item)}</li>`).join('\n')}\n</${tag}>`;
    }
    case 'table':
      return [
        '<table>',
        `  <thead><tr><th>${escape(b.columns[0])}</th><th>${escape(b.columns[1])}</th></tr></thead>`,
        '  <tbody>',
        ...b.rows.map(([a, c]) => `    <tr><th scope="row">${escape(a)}</th><td>${escape(c)}</td></tr>`),
        '  </tbody>',
        '</table>',
      ].join('\n');
    case 'checklist':
      return [
        '<ul class="checklist">',
        ...b.entries.map(
          (entry) =>
            `  <li class="${entry.checked ? 'at-hand' : 'needed'}"><span class="box">[${entry.checked ? 'x' : ' '}]</span> ` +
            `<strong>${escape(entry.label)}</strong><br><span class="note">${escape(entry.note)}</span></li>`,
        ),
        '</ul>',
      ].join('\n');
    case 'notes':
      return `<ol class="notes">\n${b.items.map((item) => `  <li>${escape(item)}</li>`).join('\n')}\n</ol>`;
    case 'page_break':
      return '<div class="page-break"></div>';
  }
}

const style = `
  body { font-family: Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #111; max-width: 7.5in; margin: 0.5in auto; }
  section { page-break-after: always; break-after: page; }
  section:last-of-type { page-break-after: auto; break-after: auto; }
  section.fax-cover h2 { font-size: 24pt; }
  h2 { font-size: 15pt; margin: 1.2em 0 0.4em; }
  h3 { font-size: 12pt; margin: 1em 0 0.3em; }
  h4 { font-size: 11pt; margin: 0.8em 0 0.2em; }
  table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
  th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
  thead th { background: #eee; }
  tbody th { font-weight: normal; width: 30%; }
  ul.checklist { list-style: none; padding-left: 0; }
  ul.checklist li { margin: 0.4em 0; }
  .box { font-family: Courier, monospace; }
  .note { color: #444; font-size: 9.5pt; }
  ol.notes { font-size: 9pt; color: #333; }
  .page-break { page-break-after: always; break-after: page; }
`;

/** The packet as an HTML document. */
export function writeHtml(document: PacketDocument): string {
  const sections = document.sections.map(
    (section) =>
      `<section class="${section.kind === 'fax_cover' ? 'fax-cover' : 'letter'}">\n${section.blocks.map(block).join('\n')}\n</section>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="robots" content="noindex">',
    `<title>${escape(document.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
