import { describe, expect, it } from 'vitest';
import { parse277, parse835, readInterchanges, tokenize } from '../../../src/edi';
import { fixture, rejection } from './x12-builders';

describe('reading delimiters from the ISA', () => {
  it('takes the element separator from ISA position 4, the repetition separator from ISA11, the component separator from ISA16 and the terminator after it', () => {
    const [isa, gs] = tokenize(fixture('277-paid.x12'));
    expect(isa?.delimiters).toEqual({ element: '*', repetition: '^', component: ':', segment: '~' });
    expect(gs?.id).toBe('GS');
    expect(gs?.element(6)).toBe('101');
  });

  it('reads each interchange with its own delimiters, including one whose segment terminator is a line break', () => {
    const segments = tokenize(fixture('277-multi-interchange.x12'));
    const isas = segments.filter((segment) => segment.id === 'ISA');
    expect(isas.map((isa) => isa.delimiters)).toEqual([
      { element: '*', repetition: '^', component: ':', segment: '~' },
      { element: '|', repetition: '!', component: '>', segment: '\n' },
    ]);
    const svc = segments.filter((segment) => segment.id === 'SVC').at(-1);
    expect(svc?.components(1)).toEqual(['HC', '99213', '25', '59']);
  });

  it('splits repeated elements on the repetition separator and composites on the component separator', () => {
    const text = fixture('277-paid.x12').replace('REF*FJ*LINE-1', 'REF*FJ*LINE-1^LINE-1B');
    const ref = tokenize(text).find((segment) => segment.id === 'REF' && segment.element(1) === 'FJ');
    expect(ref?.repetitions(2)).toEqual(['LINE-1', 'LINE-1B']);
  });

  it('keeps ISA13 with its leading zeros, so control numbers match the file exactly', () => {
    const [interchange] = readInterchanges(fixture('277-paid.x12'));
    expect(interchange?.header).toMatchObject({
      controlNumber: '000000101',
      senderId: 'TESTCLEARHOUSE',
      usage: 'T',
    });
  });

  it('reads a file with a byte order mark and blank lines before the ISA', () => {
    const text = '\uFEFF\n\n' + fixture('277-paid.x12');
    expect(parse277(text).claims).toHaveLength(1);
  });
});

describe('line breaks', () => {
  it('reads a file with "~\\n" terminators, one with "~\\r\\n", and one with no line breaks the same way', () => {
    const lf = fixture('277-paid.x12');
    expect(lf).toContain('~\n');
    const crlf = lf.replaceAll('~\n', '~\r\n');
    const none = lf.replaceAll('~\n', '~');
    expect(parse277(crlf)).toEqual(parse277(lf));
    expect(parse277(none)).toEqual(parse277(lf));
  });

  it('reads a file wrapped at 80 columns (line breaks inside segments) like the unwrapped one', () => {
    const flat = fixture('277-no-line-breaks.x12');
    const wrapped = flat.replace(/(.{80})/g, '$1\n');
    expect(wrapped).not.toEqual(flat);
    expect(parse277(wrapped)).toEqual(parse277(flat));
  });
});

describe('a malformed file is rejected as a whole, naming the segment and the reason', () => {
  const cases: {
    file: string;
    read: (text: string) => unknown;
    segment: number;
    id?: string;
    reason: RegExp;
  }[] = [
    {
      file: 'malformed-isa-short-sender.x12',
      read: parse277,
      segment: 1,
      id: 'ISA',
      reason: /ISA06 \(interchange sender ID\) must be 15 characters wide, found 14/,
    },
    {
      file: 'malformed-not-isa.x12',
      read: parse277,
      segment: 1,
      id: 'GS',
      reason: /must start with an ISA segment/,
    },
    {
      file: 'malformed-iea-control-number.x12',
      read: parse277,
      segment: 24,
      id: 'IEA',
      reason: /IEA02 control number "000000102" does not match ISA13 "000000101"/,
    },
    {
      file: 'malformed-iea-group-count.x12',
      read: parse277,
      segment: 24,
      id: 'IEA',
      reason: /IEA01 says 2 functional groups but the interchange .* has 1/,
    },
    {
      file: 'malformed-ge-control-number.x12',
      read: parse277,
      segment: 23,
      id: 'GE',
      reason: /GE02 control number "110" does not match GS06 "101"/,
    },
    {
      file: 'malformed-ge-transaction-count.x12',
      read: parse277,
      segment: 32,
      id: 'GE',
      reason: /GE01 says 1 transaction sets but the group .* has 2/,
    },
    {
      file: 'malformed-se-control-number.x12',
      read: parse277,
      segment: 22,
      id: 'SE',
      reason: /SE02 control number "0002" does not match ST02 "0001"/,
    },
    {
      file: 'malformed-duplicate-st-control-number.x12',
      read: parse277,
      segment: 18,
      id: 'ST',
      reason: /ST02 control number "0001" is used twice in one functional group \(also at segment 3\)/,
    },
    {
      file: 'malformed-truncated.x12',
      read: parse277,
      segment: 2,
      id: 'GS',
      reason: /the file ends before the GE that closes this GS/,
    },
    {
      file: 'malformed-unterminated-segment.x12',
      read: parse277,
      segment: 24,
      id: 'IEA',
      reason: /the last segment has no segment terminator "~"/,
    },
    {
      file: 'malformed-segment-outside-transaction.x12',
      read: parse277,
      segment: 3,
      id: 'REF',
      reason: /REF outside a transaction set \(no open ST\)/,
    },
  ];

  it.each(cases)('$file is rejected at segment $segment', ({ file, read, segment, id, reason }) => {
    const error = rejection(() => read(fixture(file)));
    expect(error.segment).toBe(segment);
    expect(error.segmentId).toBe(id);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(`segment ${segment}`);
  });

  it('a file whose SE01 count is wrong is rejected naming segment 14', () => {
    const error = rejection(() => parse835(fixture('malformed-se-segment-count.x12')));
    expect(error).toMatchObject({ segment: 14, segmentId: 'SE' });
    expect(error.reason).toBe(
      'SE01 says 13 segments but transaction set 0001 (ST at segment 3) has 12, ST and SE included',
    );
  });

  it('a broken second interchange rejects the whole file, the good first one included', () => {
    const good = fixture('277-paid.x12');
    const bad = fixture('277-denied.x12').replace('SE*16*0001', 'SE*17*0001');
    const error = rejection(() => parse277(good + bad));
    expect(error.segment).toBeGreaterThan(24);
    expect(error.segmentId).toBe('SE');
  });

  it('an interchange in another X12 version (00401) is rejected at its ISA', () => {
    const text = fixture('277-paid.x12').replace('*^*00501*', '*U*00401*');
    expect(rejection(() => parse277(text))).toMatchObject({
      segment: 1,
      reason: expect.stringMatching(/ISA12 .*00401/),
    });
  });

  it('an ISA with the same character for two delimiters is rejected', () => {
    const text = fixture('277-paid.x12').replace('*T*:~', '*T*^~');
    expect(rejection(() => parse277(text)).reason).toMatch(/the four delimiters must differ/);
  });

  it('an ISA13 that is not nine digits is rejected', () => {
    const text = fixture('277-paid.x12').replace('*00000010', '*A0000010');
    expect(rejection(() => parse277(text)).reason).toMatch(
      /ISA13 interchange control number must be 9 digits/,
    );
  });

  it('an empty file is rejected at segment 1', () => {
    expect(rejection(() => readInterchanges(' \n'))).toMatchObject({
      segment: 1,
      reason: 'the file is empty',
    });
  });

  it('a segment identifier that is not one is rejected', () => {
    const text = fixture('277-paid.x12').replace('BHT*0010', 'bht*0010');
    expect(rejection(() => parse277(text))).toMatchObject({
      segment: 4,
      reason: expect.stringMatching(/"bht" is not a segment identifier/),
    });
  });

  it('an ST inside an open transaction set is rejected at the second ST', () => {
    const text = fixture('277-paid.x12').replace('BHT*', 'ST*277*0009*005010X212~\nBHT*');
    expect(rejection(() => parse277(text))).toMatchObject({ segment: 4, segmentId: 'ST' });
  });

  it('a second ISA before the IEA of the first is rejected', () => {
    const paid = fixture('277-paid.x12');
    const text = paid.replace('IEA*1*000000101~\n', '') + paid;
    expect(rejection(() => parse277(text))).toMatchObject({
      segment: 24,
      segmentId: 'ISA',
      reason: 'ISA before the IEA of the interchange opened at segment 1',
    });
  });
});
