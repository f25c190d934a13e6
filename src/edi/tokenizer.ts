/**
 * Splits X12 text into segments. Each interchange declares its own delimiters in its ISA segment, so they
 * are read again at every ISA: a file may hold interchanges written by different senders. Line breaks
 * between or inside segments are not data (X12 character sets exclude CR and LF) and are dropped, so a
 * file reads the same with or without them.
 */
import { X12ParseError } from './errors';

/** The four separators an interchange declares in its ISA segment. */
export interface Delimiters {
  /** The character after "ISA" (ISA position 4). */
  readonly element: string;
  /** ISA11. */
  readonly repetition: string;
  /** ISA16. */
  readonly component: string;
  /** The character after ISA16. */
  readonly segment: string;
}

/** One segment, with its 1-based position in the file and the delimiters of its interchange. */
export class X12Segment {
  constructor(
    /** 1-based position in the file, counting every segment from the first ISA. */
    readonly position: number,
    readonly id: string,
    /** Elements after the segment identifier: `elements[0]` is element 01. */
    readonly elements: readonly string[],
    readonly delimiters: Delimiters,
  ) {}

  /** Element `n` as written (1-based, so `element(2)` of a CLP is CLP02); '' when absent. */
  element(n: number): string {
    return this.elements[n - 1] ?? '';
  }

  /** The components of composite element `n`; [] when the element is empty. */
  components(n: number): string[] {
    const value = this.element(n);
    return value === '' ? [] : value.split(this.delimiters.component);
  }

  /** Component `k` (1-based) of composite element `n`; '' when absent. */
  component(n: number, k: number): string {
    return this.components(n)[k - 1] ?? '';
  }

  /** The repetitions of repeatable element `n`; [] when the element is empty. */
  repetitions(n: number): string[] {
    const value = this.element(n);
    return value === '' ? [] : value.split(this.delimiters.repetition);
  }

  /** Number of elements written, trailing empty ones included. */
  get elementCount(): number {
    return this.elements.length;
  }
}

/** ISA01 … ISA16 are fixed-width. */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;
const ISA_NAMES = [
  'authorization information qualifier',
  'authorization information',
  'security information qualifier',
  'security information',
  'interchange sender ID qualifier',
  'interchange sender ID',
  'interchange receiver ID qualifier',
  'interchange receiver ID',
  'interchange date',
  'interchange time',
  'repetition separator',
  'interchange control version number',
  'interchange control number',
  'acknowledgment requested',
  'usage indicator',
  'component element separator',
] as const;
/** How far to look for the 16 element separators of an ISA before calling it malformed. */
const ISA_SCAN_LIMIT = 200;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const ALPHANUMERIC = /^[A-Za-z0-9]$/;
const WHITESPACE = /\s/;

function isaError(position: number, reason: string): X12ParseError {
  return new X12ParseError(position, 'ISA', reason);
}

function describe(char: string): string {
  return JSON.stringify(char);
}

/**
 * Reads the delimiters of the ISA starting at `start`, checks its fixed-width elements, and returns the
 * delimiters, the ISA's text (without line breaks) and the index just past its segment terminator. Line
 * breaks before ISA16 are skipped, so files wrapped at 80 columns read too; the character right after
 * ISA16 is the terminator, even when it is a line break.
 */
function readIsa(
  text: string,
  start: number,
  position: number,
): { delimiters: Delimiters; raw: string; end: number } {
  const element = text.charAt(start + 3);
  if (element === '' || ALPHANUMERIC.test(element) || WHITESPACE.test(element)) {
    throw isaError(position, `ISA position 4 must hold the element separator, found ${describe(element)}`);
  }
  let clean = '';
  let separators = 0;
  let index = start;
  for (; index < text.length && separators < 16; index++) {
    const char = text.charAt(index);
    if (char === '\r' || char === '\n') continue;
    if (index - start > ISA_SCAN_LIMIT) break;
    clean += char;
    if (char === element) separators++;
  }
  while (text.charAt(index) === '\r' || text.charAt(index) === '\n') index++;
  if (separators < 16) {
    throw isaError(position, `the ISA has ${separators} elements before it ends; it must have 16`);
  }
  const component = text.charAt(index);
  const segment = text.charAt(index + 1);
  if (component === '' || segment === '') throw isaError(position, 'the file ends inside the ISA segment');
  const raw = clean.slice(4) + component;
  const values = raw.split(element);
  values.forEach((value, i) => {
    const width = ISA_WIDTHS[i] ?? 0;
    if (value.length !== width) {
      const name = `ISA${String(i + 1).padStart(2, '0')}`;
      throw isaError(
        position,
        `${name} (${ISA_NAMES[i] ?? ''}) must be ${width} characters wide, found ${value.length} (${describe(value)})`,
      );
    }
  });
  const repetition = values[10] ?? '';
  if (values[11] !== '00501') {
    throw isaError(
      position,
      `ISA12 interchange version ${describe(values[11] ?? '')} is not supported; only 00501 (5010) is read`,
    );
  }
  if (!/^\d{9}$/.test(values[12] ?? '')) {
    throw isaError(
      position,
      `ISA13 interchange control number must be 9 digits, found ${describe(values[12] ?? '')}`,
    );
  }
  if (values[13] !== '0' && values[13] !== '1') {
    throw isaError(
      position,
      `ISA14 acknowledgment requested must be 0 or 1, found ${describe(values[13] ?? '')}`,
    );
  }
  if (values[14] !== 'P' && values[14] !== 'T') {
    throw isaError(position, `ISA15 usage indicator must be P or T, found ${describe(values[14] ?? '')}`);
  }
  const delimiters: Delimiters = { element, repetition, component, segment };
  const named = [
    ['repetition separator (ISA11)', repetition],
    ['component separator (ISA16)', component],
  ] as const;
  for (const [name, char] of named) {
    if (ALPHANUMERIC.test(char) || WHITESPACE.test(char)) {
      throw isaError(position, `the ${name} must not be a letter, digit or space, found ${describe(char)}`);
    }
  }
  if (ALPHANUMERIC.test(segment) || segment === ' ') {
    throw isaError(
      position,
      `the segment terminator after ISA16 must not be a letter, digit or space, found ${describe(segment)}`,
    );
  }
  if (new Set([element, repetition, component, segment]).size !== 4) {
    throw isaError(
      position,
      `the four delimiters must differ: element ${describe(element)}, repetition ${describe(repetition)}, component ${describe(component)}, segment ${describe(segment)}`,
    );
  }
  return { delimiters, raw: clean + component, end: index + 2 };
}

function skipWhitespace(text: string, index: number): number {
  let i = index;
  while (i < text.length && (WHITESPACE.test(text.charAt(i)) || text.charAt(i) === '\uFEFF')) i++;
  return i;
}

/**
 * Splits `text` into segments, reading each interchange's delimiters from its ISA. Throws an
 * {@link X12ParseError} naming the segment when the text does not start with an ISA, an ISA is malformed,
 * a segment identifier is not one, or the last segment has no terminator.
 */
export function tokenize(text: string): X12Segment[] {
  const segments: X12Segment[] = [];
  let delimiters: Delimiters | undefined;
  let index = skipWhitespace(text, 0);
  if (index >= text.length) throw new X12ParseError(1, undefined, 'the file is empty');
  while (index < text.length) {
    const position = segments.length + 1;
    let end: number;
    let raw: string;
    if (text.startsWith('ISA', index)) {
      const isa = readIsa(text, index, position);
      delimiters = isa.delimiters;
      end = isa.end;
      raw = isa.raw;
    } else {
      if (!delimiters) {
        throw new X12ParseError(
          position,
          text.slice(index, index + 3).replace(/\W+$/, '') || undefined,
          'the file must start with an ISA segment',
        );
      }
      const terminator = text.indexOf(delimiters.segment, index);
      if (terminator === -1) {
        throw new X12ParseError(
          position,
          text.slice(index).split(delimiters.element)[0]?.trim() || undefined,
          `the last segment has no segment terminator ${describe(delimiters.segment)} (file truncated?)`,
        );
      }
      end = terminator + 1;
      raw = text.slice(index, terminator);
      if (delimiters.segment !== '\n' && delimiters.segment !== '\r') raw = raw.replace(/[\r\n]/g, '');
      else raw = raw.replace(/\r$/, '');
    }
    const parts = raw.split(delimiters.element);
    const id = parts[0] ?? '';
    if (!SEGMENT_ID.test(id)) {
      throw new X12ParseError(position, undefined, `${describe(id)} is not a segment identifier`);
    }
    segments.push(new X12Segment(position, id, parts.slice(1), delimiters));
    index = skipWhitespace(text, end);
  }
  return segments;
}
