export type { ClearinghouseTransport, OutboundInterchange } from './transport';
export { classifyHttpStatus, createHttpTransport, type HttpTransportOptions } from './http-transport';
export {
  createDropFolderTransport,
  type CollectResult,
  type DropFolderOptions,
  type DropFolderTransport,
  type InboundFile,
} from './drop-folder-transport';
export {
  answersInquiry,
  createX12Channel,
  readStatusAnswer,
  traceNumberFor,
  type InquiryRefs,
  type X12ChannelOptions,
} from './x12-channel';
