import type { FastifyInstance } from 'fastify';
import { ProblemException } from '../problems/problem';

/**
 * `application/x-ndjson` bodies (one JSON object per line) for bulk access records, parsed into the same
 * array a JSON body gives. Blank lines are skipped; a bad line is a 400 naming its line number.
 */
export function registerNdjsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const items: unknown[] = [];
    const lines = (body as string).split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index].trim();
      if (line === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch {
        done(
          new ProblemException('malformed-body', `Line ${index + 1} of the NDJSON body is not valid JSON.`, {
            errors: [{ field: `line ${index + 1}`, message: 'is not valid JSON' }],
          }),
          undefined,
        );
        return;
      }
    }
    done(null, items);
  });
}
