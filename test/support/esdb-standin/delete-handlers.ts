import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { expectedVersionOf } from './append-handlers';
import type { EventLog } from './event-log';
import { type DeleteReq, DeleteResp, type TombstoneReq, TombstoneResp } from './protocol';
import { rpcErrors } from './rpc-errors';
import { streamNameOf } from './wire-format';

/** Streams/Delete (soft delete) and Streams/Tombstone (hard delete): unary calls. */
export function handleDelete(
  log: EventLog,
  hard: false,
): (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) => void;
export function handleDelete(
  log: EventLog,
  hard: true,
): (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => void;
export function handleDelete(log: EventLog, hard: boolean) {
  const operation = hard ? 'Tombstone' : 'Delete';
  return (
    call: ServerUnaryCall<DeleteReq | TombstoneReq, DeleteResp | TombstoneResp>,
    callback: sendUnaryData<DeleteResp | TombstoneResp>,
  ): void => {
    try {
      const options = call.request.getOptions();
      if (!options) throw new Error(`${operation} options not set`);
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedVersionOf(options, () => options.getRevision());
      const outcome = log.delete(stream, expected, hard);
      switch (outcome.kind) {
        case 'stream-deleted':
          return callback(rpcErrors.streamDeleted(stream));
        case 'wrong-expected-version':
          return callback(rpcErrors.wrongExpectedVersion(operation, stream, expected, outcome.currentRevision));
        case 'success': {
          const position = outcome.position.toString();
          if (hard) {
            const response = new TombstoneResp.Position().setCommitPosition(position).setPreparePosition(position);
            return callback(null, new TombstoneResp().setPosition(response));
          }
          const response = new DeleteResp.Position().setCommitPosition(position).setPreparePosition(position);
          return callback(null, new DeleteResp().setPosition(response));
        }
      }
    } catch (error) {
      callback(rpcErrors.invalidArgument((error as Error).message));
    }
  };
}
