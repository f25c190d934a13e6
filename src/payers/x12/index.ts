export type { ClearinghouseTransport, OutboundInterchange } from './transport';
export { classifyHttpStatus, createHttpTransport, type HttpTransportOptions } from './http-transport';
export {
  CORE_276_PAYLOAD_TYPE,
  CORE_277_PAYLOAD_TYPE,
  coreRequestForm,
  readCoreResponse,
  type CoreEnvelopeSettings,
} from './core-envelope';
export {
  DEFAULT_RESPONSE_TIMEOUT_MS,
  createDropFolderTransport,
  dropFolderLayout,
  type CollectResult,
  type DropFolderOptions,
  type DropFolderTransport,
  type InboundFile,
} from './drop-folder-transport';
export {
  answersInquiry,
  createX12Channel,
  readStatusAnswer,
  statusQueryOf,
  traceNumberFor,
  type InquiryRefs,
  type X12ChannelOptions,
  type X12ClaimRecords,
  type X12InquiryRecord,
} from './x12-channel';
