import { describe, expect, it } from 'vitest';
import { parse999 } from '../../../src/edi';
import { build999Rejection } from './x12-builders';

describe('parse999 (005010X231A1 implementation acknowledgment)', () => {
  it('reads a rejected 276 group: the acknowledged group control number, AK9 R and the segment in error', () => {
    const [ack] = parse999(build999Rejection(77, '4021'));
    expect(ack).toMatchObject({
      functionalId: 'HR',
      groupControlNumber: '4021',
      status: 'R',
      rejected: true,
      transactions: [
        {
          transactionSetId: '276',
          controlNumber: '0001',
          status: 'R',
          segmentErrors: [{ segmentId: 'NM1', position: '8', code: '8' }],
        },
      ],
    });
  });

  it('rejects a 999 without its AK9', () => {
    const text = build999Rejection(78, '4021')
      .replace('AK9*R*1*1*0~\n', '')
      .replace('SE*7*0001', 'SE*6*0001');
    expect(() => parse999(text)).toThrow(/the 999 has no AK9/);
  });
});
