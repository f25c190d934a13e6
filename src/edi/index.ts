export { X12ParseError, X12WriteError } from './errors';
export { tokenize, X12Segment, type Delimiters } from './tokenizer';
export {
  readInterchanges,
  transactionsOf,
  type EnvelopeRef,
  type FunctionalGroup,
  type Interchange,
  type InterchangeAcknowledgment,
  type InterchangeHeader,
  type TransactionSet,
} from './envelope';
export { formatCents, parseCents, type DateRange } from './values';
export {
  parse277,
  parse277CA,
  type ClaimStatusDetail,
  type ClaimStatusFile,
  type ClaimStatusReport,
  type LevelStatusReport,
  type Party,
  type ProcedureCode,
  type ServiceLineStatus,
  type StatusCode,
} from './claim-status-277';
export {
  claimPaymentStatuses,
  parse835,
  type Adjustment,
  type AdjustmentGroup,
  type ClaimPaymentStatus,
  type ClaimPaymentStatusCode,
  type ProviderAdjustment,
  type Remittance,
  type RemittanceClaim,
  type RemittanceFile,
  type RemittanceServiceLine,
} from './remittance-835';
export {
  parse276,
  write276,
  type ClaimStatusInquiry276,
  type ClaimStatusQuery,
  type Envelope276,
  type Inquiry276File,
  type ReadInquiry276,
  type X12EnvelopeConfig,
} from './inquiry-276';
export { parse999, type GroupAcknowledgment, type TransactionAcknowledgment } from './acknowledgment-999';
