import type { AppendOutcome } from '../ledger/ledger-writer.service';
import type { AppendResponseDto } from './append-response.dto';

/** The response body of a single-stream command: only what a caller needs next, never event data. */
export function toAppendResponse(outcome: AppendOutcome): AppendResponseDto {
  return {
    stream: outcome.stream,
    revision: outcome.revision,
    position: outcome.position === null ? '' : outcome.position.toString(),
    records: outcome.records.map(({ id, type, revision, hash }) => ({ id, type, revision, hash })),
  };
}
