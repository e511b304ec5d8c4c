import { IllegalStateError, ValidationError } from '../shared/errors';
import { given } from '../testing/given-when-then';
import { contextAt } from '../testing/fixtures';
import { type RecordCheckpoint } from './checkpoint.commands';
import { checkpointDecider } from './checkpoint.decider';
import { type CheckpointSigned } from './checkpoint.events';

const root = (digit: string) => digit.repeat(64);
function note(treeSize: number, rootHex: string): string {
  return `ledger.example.com/cip\n${treeSize}\n${Buffer.from(rootHex, 'hex').toString('base64')}\n\n— ledger.example.com/cip AAAA\n`;
}
function record(treeSize: number, rootHex: string): RecordCheckpoint {
  return { type: 'RecordCheckpoint', data: { treeSize, rootHash: rootHex, note: note(treeSize, rootHex) } };
}
function signed(treeSize: number, rootHex: string): CheckpointSigned {
  return { type: 'CheckpointSigned', schema: 1, data: { treeSize, rootHash: rootHex, note: note(treeSize, rootHex) } };
}

describe('RecordCheckpoint', () => {
  it('records the first checkpoint', () => {
    given(checkpointDecider, [])
      .when(record(10, root('a')), contextAt())
      .then([signed(10, root('a'))]);
  });
  it('records a larger tree', () => {
    given(checkpointDecider, [signed(10, root('a'))])
      .when(record(20, root('b')), contextAt())
      .thenEvents((_events, state) =>
        expect(state).toEqual({ latest: { treeSize: 20, rootHash: root('b') }, count: 2 }),
      );
  });
  it('records the same tree again (a re-signed checkpoint at shutdown)', () => {
    given(checkpointDecider, [signed(10, root('a'))])
      .when(record(10, root('a')), contextAt())
      .then([signed(10, root('a'))]);
  });
  it('refuses a smaller tree', () => {
    given(checkpointDecider, [signed(10, root('a'))])
      .when(record(9, root('c')), contextAt())
      .thenThrows(IllegalStateError, 'checkpoint-regressed');
  });
  it('refuses another root for the same size (a fork)', () => {
    given(checkpointDecider, [signed(10, root('a'))])
      .when(record(10, root('b')), contextAt())
      .thenThrows(IllegalStateError, 'checkpoint-fork');
  });
  it('refuses a note that states another size or root', () => {
    const mismatched: RecordCheckpoint = {
      type: 'RecordCheckpoint',
      data: { treeSize: 11, rootHash: root('a'), note: note(10, root('a')) },
    };
    given(checkpointDecider, []).when(mismatched, contextAt()).thenThrows(ValidationError, 'checkpoint-note-mismatch');
    const otherRoot: RecordCheckpoint = {
      type: 'RecordCheckpoint',
      data: { treeSize: 10, rootHash: root('a'), note: note(10, root('b')) },
    };
    given(checkpointDecider, []).when(otherRoot, contextAt()).thenThrows(ValidationError, 'checkpoint-note-mismatch');
  });
  it.each([
    ['a negative tree size', { treeSize: -1 }, 'invalid-tree-size'],
    ['an upper-case root hash', { rootHash: root('A') }, 'invalid-root-hash'],
    ['a short root hash', { rootHash: 'ab' }, 'invalid-root-hash'],
    ['a note that is not text', { note: 42 as never }, 'invalid-note'],
  ])('refuses %s', (_name, overrides, code) => {
    const command = record(10, root('a'));
    given(checkpointDecider, [])
      .when({ ...command, data: { ...command.data, ...overrides } }, contextAt())
      .thenThrows(ValidationError, code);
  });
});
