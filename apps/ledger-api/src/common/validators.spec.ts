import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentMetadata } from '@nestjs/common';
import { IS_ARRAY, IS_OBJECT, getMetadataStorage, validate } from 'class-validator';
import {
  AddBeneficialOwnerDto,
  AddPaymentMeansDto,
  UpdateCustomerInfoDto,
  VerifyIdentityDto,
} from '../accounts/dto/account-commands.dto';
import { DeclineAccountOpeningDto, OpenAccountDto } from '../accounts/dto/open-account.dto';
import { ProblemException } from '../problems/problem';
import { IssueSpecialMeasureDto, MeasureMatchDto } from '../special-measures/dto/special-measure-commands.dto';
import { JsonValidationPipe, SERVICE_VALIDATION_OPTIONS } from './json-validation.pipe';

// IsNestedObject and IsNestedObjectList: what they refuse and how the answer reads, and that every DTO
// member with nested rules uses one of them (@ValidateNested alone lets a missing member and arrays through).
// IsList: every list member answers what is not a list with "<member> must be an array".

/** every class exported by a DTO file of the API (`*\/dto/*.ts`, `common/*.dto.ts`) */
async function dtoClasses(): Promise<{ name: string; metatype: new () => object }[]> {
  const root = join(__dirname, '..');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (file) => /(^|\/)(dto\/[^/]+|[^/]+\.dto)\.ts$/.test(file) && !file.endsWith('.spec.ts'),
  );
  const classes: { name: string; metatype: new () => object }[] = [];
  for (const file of files) {
    for (const [name, exported] of Object.entries((await import(join(root, file))) as Record<string, unknown>)) {
      if (typeof exported === 'function')
        classes.push({ name: `${file}: ${name}`, metatype: exported as new () => object });
    }
  }
  return classes;
}

const without = (value: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(value).filter(([member]) => member !== key));

const opening = () => ({
  accountId: 'acct_1',
  customer: {
    kind: 'individual',
    name: 'Erika Mustermann',
    address: { lines: ['Hauptstrasse 1'], city: 'Berlin', country: 'DE' },
    country: 'DE',
  },
  contact: { email: 'erika@example.org' },
  paymentMeans: [{ paymentMeansId: 'pm_1', method: 'card', identifier: '4111111111111111' }],
  channel: { kind: 'direct' },
  usPersonStatus: 'foreign',
});
const declined = () => ({ ...without(opening(), 'usPersonStatus'), reason: 'unverified' });
const owner = () => ({
  ownerId: 'owner_1',
  name: 'Max Mustermann',
  address: { lines: ['Nebenstrasse 2'], city: 'Hamburg', country: 'DE' },
  ownershipPct: 30,
  controlBasis: null,
  usPersonStatus: 'undetermined',
});
const evidence = () => ({ kind: 'passport', issuer: 'DE', reference: 'C01X00T47' });
const verification = (overrides: object) => ({
  subject: 'customer',
  method: 'documentary',
  evidence: [evidence()],
  verifiedBy: 'kyc-service',
  ...overrides,
});

const pipe = new JsonValidationPipe(SERVICE_VALIDATION_OPTIONS);
const errorsFor = async (metatype: new () => object, body: unknown) => {
  const metadata: ArgumentMetadata = { type: 'body', metatype };
  try {
    await pipe.transform(body, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).code).toBe('validation-failed');
    return (error as ProblemException).extensions.errors;
  }
  return 'accepted';
};

describe('IsNestedObject and IsNestedObjectList', () => {
  it('are used by every DTO member that has nested rules, with the same `each`', async () => {
    const classes = await dtoClasses();
    expect(classes.map((dto) => dto.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/OpenAccountDto$/), expect.stringMatching(/AccountParams$/)]),
    );
    const unchecked: string[] = [];
    let nestedMembers = 0;
    for (const { name, metatype } of classes) {
      const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined);
      for (const nested of metadatas.filter((metadata) => metadata.type === 'nestedValidation')) {
        nestedMembers++;
        const isObject = metadatas.find(
          (metadata) =>
            metadata.propertyName === nested.propertyName &&
            metadata.name === IS_OBJECT &&
            Boolean(metadata.each) === Boolean(nested.each),
        );
        if (isObject === undefined) unchecked.push(`${name}.${nested.propertyName}`);
      }
    }
    expect(unchecked).toEqual([]);
    // the scan finds at least today's 14 object members and 5 lists of objects
    expect(nestedMembers).toBeGreaterThanOrEqual(19);
  });

  it.each([
    ['a required object sent as an empty array', OpenAccountDto, { ...opening(), customer: [] }, 'customer'],
    [
      'a required object sent as an array of it',
      OpenAccountDto,
      { ...opening(), channel: [{ kind: 'direct' }] },
      'channel',
    ],
    ['a required object left out', DeclineAccountOpeningDto, without(declined(), 'contact'), 'contact'],
    ['a required object sent as null', OpenAccountDto, { ...opening(), contact: null }, 'contact'],
    ['a required object sent as a text', OpenAccountDto, { ...opening(), channel: 'direct' }, 'channel'],
    [
      'a required object of a nested object sent as an array',
      OpenAccountDto,
      { ...opening(), customer: { ...opening().customer, address: [] } },
      'customer.address',
    ],
    ['the means of payment of AddPaymentMeans left out', AddPaymentMeansDto, {}, 'paymentMeans'],
    ['the owner of AddBeneficialOwner left out', AddBeneficialOwnerDto, {}, 'owner'],
    ['an optional object sent as an array', UpdateCustomerInfoDto, { customer: [] }, 'customer'],
    ['an optional object sent as a text', UpdateCustomerInfoDto, { contact: 'erika@example.org' }, 'contact'],
    ['an object of a special measure sent as an array', IssueSpecialMeasureDto, { match: [] }, 'match'],
  ])('refuse %s: "<member> must be an object"', async (_what, metatype, body, field) => {
    const errors = await errorsFor(metatype, body);
    // the members other than the one under test may be wrong too (the special measure has none of them)
    expect(errors).toEqual(
      expect.arrayContaining([{ field, message: `${field.split('.').at(-1)} must be an object` }]),
    );
    expect(errors).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(`^${field}\\.`) })]),
    );
  });

  it.each([
    ['an array in a list', OpenAccountDto, { ...opening(), paymentMeans: [[]] }, 'paymentMeans'],
    [
      'an array holding the object in a list',
      OpenAccountDto,
      { ...opening(), beneficialOwners: [owner(), [owner()]] },
      'beneficialOwners',
    ],
    ['null in a list', DeclineAccountOpeningDto, { ...declined(), paymentMeans: [null] }, 'paymentMeans'],
    ['a text in a list', VerifyIdentityDto, verification({ evidence: [evidence(), 'passport'] }), 'evidence'],
    [
      'an array in an optional list',
      VerifyIdentityDto,
      verification({ discrepanciesResolved: [[]] }),
      'discrepanciesResolved',
    ],
  ])('refuse %s: "each value in <list> must be an object"', async (_what, metatype, body, field) => {
    expect(await errorsFor(metatype, body)).toEqual([{ field, message: `each value in ${field} must be an object` }]);
  });

  it.each([
    ['one object', OpenAccountDto, { ...opening(), paymentMeans: opening().paymentMeans[0] }, 'paymentMeans'],
    ['a text', VerifyIdentityDto, verification({ evidence: 'passport' }), 'evidence'],
  ])('refuse %s where a list is expected: "<list> must be an array"', async (_what, metatype, body, field) => {
    expect(await errorsFor(metatype, body)).toEqual([{ field, message: `${field} must be an array` }]);
  });

  it('keep the limits of a list and the rules of its objects', async () => {
    expect(await errorsFor(VerifyIdentityDto, verification({ evidence: [] }))).toEqual([
      { field: 'evidence', message: 'evidence must contain at least 1 elements' },
    ]);
    expect(await errorsFor(VerifyIdentityDto, verification({ evidence: Array(51).fill(evidence()) }))).toEqual([
      { field: 'evidence', message: 'evidence must contain no more than 50 elements' },
    ]);
    expect(await errorsFor(OpenAccountDto, { ...opening(), paymentMeans: [{ method: 'card' }] })).toEqual([
      { field: 'paymentMeans.0.paymentMeansId', message: expect.stringMatching(/^paymentMeansId must be/) },
      { field: 'paymentMeans.0.identifier', message: expect.stringMatching(/^identifier must be/) },
    ]);
  });

  it('let optional members be left out or null, and build instances of the named classes', async () => {
    expect(await errorsFor(UpdateCustomerInfoDto, {})).toBe('accepted');
    expect(await errorsFor(UpdateCustomerInfoDto, { customer: null, contact: null })).toBe('accepted');
    const opened = (await pipe.transform(
      { ...opening(), beneficialOwners: [owner()] },
      { type: 'body', metatype: OpenAccountDto },
    )) as OpenAccountDto;
    expect(opened.customer.address.constructor.name).toBe('PostalAddressDto');
    expect(opened.paymentMeans[0].constructor.name).toBe('PaymentMeansDto');
    expect(opened.beneficialOwners?.[0].constructor.name).toBe('BeneficialOwnerDto');
  });
});

describe('IsList', () => {
  const notLists: [string, unknown][] = [
    ['a text', 'Hauptstrasse 1'],
    ['an empty text', ''],
    ['a number', 5],
    ['an object', { 0: 'DE' }],
    ['true', true],
  ];

  it('answers what is not a list with "<member> must be an array" on every list member of the DTOs', async () => {
    const classes = await dtoClasses();
    const answers: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const { name, metatype } of classes) {
      const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined);
      const lists = new Set(metadatas.filter((rule) => rule.name === IS_ARRAY).map((rule) => rule.propertyName));
      for (const member of lists) {
        for (const [what, value] of notLists) {
          const instance = Object.assign(new metatype(), { [member]: value });
          const errors = await validate(instance, { stopAtFirstError: true, forbidUnknownValues: false });
          const key = `${name}.${member} as ${what}`;
          answers[key] = errors.find((error) => error.property === member)?.constraints;
          expected[key] = { [IS_ARRAY]: `${member} must be an array` };
        }
      }
    }
    expect(answers).toEqual(expected);
    // the scan finds at least today's 4 lists of texts, 5 lists of objects, the street lines and the countries
    expect(Object.keys(answers).length).toBeGreaterThanOrEqual(11 * notLists.length);
  });

  const address = (lines: unknown) => ({ lines, city: 'Berlin', country: 'DE' });
  const measure = (countries: unknown) => ({
    measureId: 'sm_1',
    target: 'jurisdiction',
    match: { countries },
    kind: 'prohibition',
    effectiveFrom: '2026-12-01T00:00:00Z',
    reference: '92 FR 1',
  });
  it.each(notLists)(
    'refuses street lines and special-measure countries sent as %s, naming the member',
    async (_what, value) => {
      expect(
        await errorsFor(OpenAccountDto, { ...opening(), customer: { ...opening().customer, address: address(value) } }),
      ).toEqual([{ field: 'customer.address.lines', message: 'lines must be an array' }]);
      expect(await errorsFor(UpdateCustomerInfoDto, { customer: { address: address(value) } })).toEqual([
        { field: 'customer.address.lines', message: 'lines must be an array' },
      ]);
      expect(await errorsFor(IssueSpecialMeasureDto, measure(value))).toEqual([
        { field: 'match.countries', message: 'countries must be an array' },
      ]);
    },
  );

  it('keeps the limits of the lists and the rules of their items', async () => {
    const lines = async (value: unknown) => errorsFor(UpdateCustomerInfoDto, { customer: { address: address(value) } });
    expect(await lines([])).toEqual([
      { field: 'customer.address.lines', message: 'lines must contain at least 1 elements' },
    ]);
    expect(await lines(Array(6).fill('Hauptstrasse 1'))).toEqual([
      { field: 'customer.address.lines', message: 'lines must contain no more than 5 elements' },
    ]);
    expect(await lines([5])).toEqual([
      { field: 'customer.address.lines', message: 'each value in lines must be a string' },
    ]);
    expect(await lines([''])).toEqual([
      { field: 'customer.address.lines', message: 'each value in lines must be longer than or equal to 1 characters' },
    ]);
    expect(await lines(['x'.repeat(201)])).toEqual([
      {
        field: 'customer.address.lines',
        message: 'each value in lines must be shorter than or equal to 200 characters',
      },
    ]);
    expect(await lines(Array(5).fill('x'.repeat(200)))).toBe('accepted');

    expect(await errorsFor(IssueSpecialMeasureDto, measure([]))).toEqual([
      { field: 'match.countries', message: 'countries must contain at least 1 elements' },
    ]);
    expect(await errorsFor(IssueSpecialMeasureDto, measure(Array(251).fill('KP')))).toEqual([
      { field: 'match.countries', message: 'countries must contain no more than 250 elements' },
    ]);
    expect(await errorsFor(IssueSpecialMeasureDto, measure(['kp']))).toEqual([
      { field: 'match.countries', message: 'countries must be an ISO 3166-1 alpha-2 country code in upper case' },
    ]);
    expect(await errorsFor(IssueSpecialMeasureDto, measure(['KP', 'IR']))).toBe('accepted');
    // a jurisdiction measure's match may leave the countries out (the domain requires them for the target)
    expect(await errorsFor(MeasureMatchDto, {})).toBe('accepted');
  });
});
