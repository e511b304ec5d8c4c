import fs from 'node:fs';
import { type Hash, createHash } from 'node:crypto';

const MAX_SPARE = 8;

/** Whole lines of a file, back to back, with where each ends. */
export interface LineRun {
  /** the lines' bytes, each line ended by its newline except perhaps the last line of the file; its
   * ArrayBuffer belongs to this run alone, so it can be transferred to a worker thread */
  bytes: Buffer;
  /** offset (in bytes) of each line's newline, or bytes.length for a last line without one */
  lineEnds: Int32Array;
}

/**
 * Reads a file in runs of whole lines of about `runBytes` bytes (constant memory whatever the file size; a
 * single longer line makes a longer run), hashing every byte with SHA-256 on the way so the manifest digest
 * costs no second pass. Lines are what LineReader returns: split at '\n', a last line without a newline
 * counts, an empty end after the last newline does not.
 */
export class LineRunReader {
  private readonly fd: number;
  private readonly digest: Hash = createHash('sha256');
  private carry: Buffer = Buffer.alloc(0);
  private readonly spare: ArrayBuffer[] = [];
  private eof = false;
  /** bytes read from the file so far */
  bytesRead = 0;
  readonly size: number;

  constructor(
    file: string,
    private readonly runBytes = 1 << 20,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** The next run, or undefined at the end of the file (then the file is closed). */
  next(): LineRun | undefined {
    let chunk = this.chunk(Math.max(this.runBytes, 2 * this.carry.length));
    this.carry.copy(chunk);
    let filled = this.carry.length;
    for (;;) {
      if (!this.eof) {
        const read = fs.readSync(this.fd, chunk, filled, chunk.length - filled, null);
        if (read === 0) {
          this.eof = true;
          fs.closeSync(this.fd);
        } else {
          this.digest.update(chunk.subarray(filled, filled + read));
          filled += read;
          this.bytesRead += read;
        }
      }
      // the carried bytes hold no newline, so the last one is in what was just read
      const lastNewline = filled > 0 ? chunk.lastIndexOf(10, filled - 1) : -1;
      if (lastNewline >= 0) {
        this.carry = Buffer.from(chunk.subarray(lastNewline + 1, filled));
        return lineRun(chunk, lastNewline + 1);
      }
      if (this.eof) {
        this.carry = Buffer.alloc(0);
        return filled > 0 ? lineRun(chunk, filled) : undefined;
      }
      if (filled === chunk.length) {
        // one line longer than the chunk: grow it and read on
        const larger = Buffer.allocUnsafeSlow(chunk.length * 2);
        chunk.copy(larger, 0, 0, filled);
        chunk = larger;
      }
    }
  }

  /**
   * Gives back the bytes of a run that is no longer used, to be filled again: reading into memory already
   * touched costs less than into new memory (page faults), and the garbage collector has less to free.
   */
  recycle(bytes: Uint8Array): void {
    if (this.spare.length < MAX_SPARE && bytes.buffer instanceof ArrayBuffer) this.spare.push(bytes.buffer);
  }

  private chunk(size: number): Buffer {
    const spare = this.spare.pop();
    if (spare !== undefined && spare.byteLength >= size) return Buffer.from(spare, 0, spare.byteLength);
    return Buffer.allocUnsafeSlow(size);
  }

  /** SHA-256 of the whole file, once next() has returned undefined. */
  sha256(): string {
    return this.digest.digest('hex');
  }

  close(): void {
    if (!this.eof) {
      this.eof = true;
      fs.closeSync(this.fd);
    }
  }
}

function lineRun(chunk: Buffer, length: number): LineRun {
  const bytes = chunk.subarray(0, length);
  const ends: number[] = [];
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) ends.push(at);
  if (ends.length === 0 || ends[ends.length - 1] !== length - 1) ends.push(length);
  return { bytes, lineEnds: Int32Array.from(ends) };
}
