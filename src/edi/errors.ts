/**
 * Why an X12 file was rejected as a whole: the 1-based position of the segment at fault (counting every
 * segment of the file from the first ISA), that segment's identifier when it has one, and the reason.
 * Nothing from a rejected file is returned.
 */
export class X12ParseError extends Error {
  constructor(
    readonly segment: number,
    readonly segmentId: string | undefined,
    readonly reason: string,
  ) {
    super(`X12 file rejected at segment ${segment}${segmentId ? ` (${segmentId})` : ''}: ${reason}`);
    this.name = 'X12ParseError';
  }
}

/** Why an X12 document could not be written: the field at fault and what is wrong with its value. */
export class X12WriteError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Cannot write X12: ${field} ${reason}`);
    this.name = 'X12WriteError';
  }
}
