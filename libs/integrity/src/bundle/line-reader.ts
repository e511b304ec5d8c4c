import fs from 'node:fs';
import { type Hash, createHash } from 'node:crypto';

/**
 * Reads a file line by line in fixed-size chunks (constant memory whatever the file size), hashing every byte
 * with SHA-256 on the way so the manifest digest costs no second pass. A returned line shares memory with the
 * reader's buffer and is valid until the next call of next().
 */
export class LineReader {
  private readonly fd: number;
  private buffer: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly digest: Hash = createHash('sha256');
  /** bytes read from the file so far */
  bytesRead = 0;
  /** 1-based number of the last line returned */
  lineNumber = 0;
  readonly size: number;

  constructor(file: string, chunkBytes = 1 << 20) {
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** The next line without its newline, or undefined at the end of the file (then the file is closed). */
  next(): Buffer | undefined {
    for (;;) {
      const newline = this.buffer.indexOf(10, this.start);
      if (newline >= 0 && newline < this.end) {
        const line = this.buffer.subarray(this.start, newline);
        this.start = newline + 1;
        this.lineNumber++;
        return line;
      }
      if (this.eof) {
        if (this.start < this.end) {
          const line = this.buffer.subarray(this.start, this.end);
          this.start = this.end;
          this.lineNumber++;
          return line;
        }
        return undefined;
      }
      this.fill();
    }
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

  private fill(): void {
    // keep the unfinished line, at the start of the buffer (growing it if one line is longer than the buffer)
    const pending = this.end - this.start;
    if (pending === this.buffer.length) {
      const larger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(larger, 0, this.start, this.end);
      this.buffer = larger;
    } else {
      this.buffer.copy(this.buffer, 0, this.start, this.end);
    }
    this.start = 0;
    this.end = pending;
    const read = fs.readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
    if (read === 0) {
      this.close();
      return;
    }
    this.digest.update(this.buffer.subarray(this.end, this.end + read));
    this.end += read;
    this.bytesRead += read;
  }
}
