import fc from 'fast-check';
import { ProblemException } from '../problems/problem';
import { parseJsonBody } from './json-body-parser';

const PROTOTYPE_MEMBERS = ['__proto__', 'constructor', 'prototype'];

/** What parseJsonBody threw, as a caller of the API sees it in the problem. */
function refusal(text: string): { code: string; detail: string; errors?: { field: string; message: string }[] } {
  try {
    parseJsonBody(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const problem = error as ProblemException;
    return {
      code: problem.code,
      detail: problem.message,
      ...(problem.extensions.errors ? { errors: problem.extensions.errors } : {}),
    };
  }
  throw new Error(`parseJsonBody accepted ${text}`);
}

/** JSON values whose objects have no member named as in PROTOTYPE_MEMBERS (any of them may still be a value). */
const ordinaryJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1.5, 1e21),
    fc.string(),
    fc.constantFrom(...PROTOTYPE_MEMBERS),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((name) => !PROTOTYPE_MEMBERS.includes(name)),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** JSON text of `value` with every lower-case ASCII letter of its names and strings written as a \u escape. */
function withEscapedLetters(value: unknown): string {
  const text = (string: string) =>
    `"${[...string]
      .map((char) =>
        /[a-z]/.test(char) ? `\\u00${char.charCodeAt(0).toString(16)}` : JSON.stringify(char).slice(1, -1),
      )
      .join('')}"`;
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return `[${value.map(withEscapedLetters).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([name, member]) => `${text(name)}:${withEscapedLetters(member)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('parseJsonBody', () => {
  it('gives what JSON.parse gives for any body without such members, whatever its spacing or escapes', () => {
    fc.assert(
      fc.property(ordinaryJson, fc.constantFrom(undefined, 2), fc.boolean(), (value, indent, escapeAll) => {
        const text = escapeAll ? withEscapedLetters(value) : JSON.stringify(value, null, indent);
        expect(parseJsonBody(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('refuses a member named __proto__, constructor or prototype at any depth, naming its path', () => {
    fc.assert(
      fc.property(
        ordinaryJson,
        fc.array(
          fc.oneof(
            fc.nat({ max: 3 }),
            fc.string().filter((name) => !PROTOTYPE_MEMBERS.includes(name)),
          ),
          {
            maxLength: 4,
          },
        ),
        fc.constantFrom(...PROTOTYPE_MEMBERS),
        fc.boolean(),
        (inner, steps, name, escaped) => {
          // the member, in an object reached from the top through the given array indexes and member names
          const member = `{${JSON.stringify(name)}:${JSON.stringify(inner)}}`;
          const text = steps.reduceRight<string>(
            (nested, step) =>
              typeof step === 'number'
                ? `[${Array.from({ length: step }, () => 'null').join(',')}${step > 0 ? ',' : ''}${nested}]`
                : `{${JSON.stringify(step)}:${nested}}`,
            escaped ? member.replace(`"${name}"`, `"\\u00${name.charCodeAt(0).toString(16)}${name.slice(1)}"`) : member,
          );
          const field = [...steps.map(String), name].join('.');
          expect(refusal(text)).toEqual({
            code: 'validation-failed',
            detail: `1 field(s) are not valid: ${field}`,
            errors: [{ field, message: `${name} should not exist` }],
          });
        },
      ),
    );
  });

  it('names every such member of a body, in order of their paths', () => {
    const text = '{"b":{"constructor":{"prototype":1}},"a":[{"__proto__":{}}],"prototype":2,"ok":"constructor"}';
    expect(refusal(text)).toEqual({
      code: 'validation-failed',
      detail: '3 field(s) are not valid: a.0.__proto__, b.constructor, prototype',
      errors: [
        { field: 'a.0.__proto__', message: '__proto__ should not exist' },
        { field: 'b.constructor', message: 'constructor should not exist' },
        { field: 'prototype', message: 'prototype should not exist' },
      ],
    });
  });

  it('ignores a byte order mark before the JSON text, as RFC 8259 allows', () => {
    expect(parseJsonBody('\ufeff{"flagId":"f1"}')).toEqual({ flagId: 'f1' });
    expect(refusal('\ufeff')).toEqual({ code: 'malformed-body', detail: 'The body is empty.' });
    expect(refusal('\ufeff\ufeff{}')).toEqual({ code: 'malformed-body', detail: 'The body is not valid JSON.' });
  });

  it('answers an empty body and text that is not JSON with what is wrong, never quoting the body', () => {
    expect(refusal('')).toEqual({ code: 'malformed-body', detail: 'The body is empty.' });
    for (const text of ['{"accountId":', '{secret}', 'undefined', '{"a":1}{"b":2}', ' ']) {
      expect(refusal(text)).toEqual({ code: 'malformed-body', detail: 'The body is not valid JSON.' });
    }
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}{"constructor":1}${']'.repeat(depth)}`;
    // JSON.parse itself may refuse such depth; either way the answer is a problem, never a crash
    const answer = refusal(text);
    expect(['validation-failed', 'malformed-body']).toContain(answer.code);
  });
});
