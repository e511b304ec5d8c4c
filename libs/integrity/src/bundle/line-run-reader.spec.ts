import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { LineReader } from './line-reader';
import { LineRunReader } from './line-run-reader';

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-line-runs-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function linesOf(reader: LineReader): string[] {
  const lines: string[] = [];
  for (let line = reader.next(); line !== undefined; line = reader.next()) lines.push(line.toString('hex'));
  return lines;
}

function runsOf(reader: LineRunReader): { lines: string[]; runs: number } {
  const lines: string[] = [];
  let runs = 0;
  for (let run = reader.next(); run !== undefined; run = reader.next()) {
    runs++;
    let start = 0;
    for (const end of run.lineEnds) {
      lines.push(run.bytes.subarray(start, end).toString('hex'));
      start = end + 1;
    }
    expect(start).toBeGreaterThanOrEqual(run.bytes.length);
  }
  return { lines, runs };
}

describe('LineRunReader: runs of whole lines', () => {
  it('gives the lines LineReader gives, and the same file digest, whatever the run size', () => {
    let file = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(10), fc.integer({ min: 0, max: 255 })), { maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        (bytes, runBytes) => {
          const name = path.join(scratch, `file-${++file}`);
          fs.writeFileSync(name, Buffer.from(bytes));
          const runs = new LineRunReader(name, runBytes);
          const expected = new LineReader(name);
          expect(runsOf(runs).lines).toEqual(linesOf(expected));
          expect(runs.sha256()).toBe(createHash('sha256').update(Buffer.from(bytes)).digest('hex'));
          expect(runs.bytesRead).toBe(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts a file into runs of about the size asked, a longer line making a longer run', () => {
    const name = path.join(scratch, 'lines');
    const lines = ['a'.repeat(10), 'b'.repeat(100), 'c'.repeat(10), 'd'.repeat(10)];
    fs.writeFileSync(name, lines.join('\n') + '\n');
    const { lines: read, runs } = runsOf(new LineRunReader(name, 32));
    expect(read.map((hex) => Buffer.from(hex, 'hex').toString())).toEqual(lines);
    // [a] in the first 32 bytes; then the chunk grows until it holds b's newline, and takes c and d with it
    expect(runs).toBe(2);
  });
});
