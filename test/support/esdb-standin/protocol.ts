/**
 * The EventStoreDB wire definitions, taken from the generated grpc-js code that ships inside
 * @eventstore/db-client. The generated serializers check `instanceof` against these very classes, so
 * every message the stand-in sends is built from this one resolved copy of the package.
 */
export { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
export { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
export {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
export {
  AllStreamPosition,
  Empty,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
  BadRequest,
} from '@eventstore/db-client/generated/shared_pb';
export { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
export { Status } from '@eventstore/db-client/generated/status_pb';
export { Code } from '@eventstore/db-client/generated/code_pb';
export { Any } from 'google-protobuf/google/protobuf/any_pb';
export { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
