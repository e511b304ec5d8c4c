import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentMetadata } from '@nestjs/common';
import {
  IS_ARRAY,
  IS_BOOLEAN,
  IS_IN,
  IS_INT,
  IS_NUMBER,
  IS_OBJECT,
  IS_STRING,
  ValidationTypes,
  getMetadataStorage,
  validate,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  AddBeneficialOwnerDto,
  AddPaymentMeansDto,
  UpdateCustomerInfoDto,
  VerifyIdentityDto,
} from '../accounts/dto/account-commands.dto';
import { DeclineAccountOpeningDto, OpenAccountDto } from '../accounts/dto/open-account.dto';
import { InclusionProofQuery, ConsistencyProofQuery } from '../audit/dto/proof.query';
import { AccountHistoryQuery } from '../investigations/dto/account-history.query';
import { ProblemException } from '../problems/problem';
import { IssueSpecialMeasureDto, MeasureMatchDto } from '../special-measures/dto/special-measure-commands.dto';
import { JsonValidationPipe, SERVICE_VALIDATION_OPTIONS } from './json-validation.pipe';

// IsNestedObject and IsNestedObjectList: what they refuse and how the answer reads, and that every DTO
// member with nested rules uses one of them (@ValidateNested alone lets a missing member and arrays through).
// IsList: every list member answers what is not a list with "<member> must be an array".
// Type rules first: every member of every DTO answers a missing value or one of the wrong type with its type
// rule's message ("name must be a string"), never with a size, range or format message.

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
const errorsFor = async (metatype: new () => object, body: unknown, type: ArgumentMetadata['type'] = 'body') => {
  const metadata: ArgumentMetadata = { type, metatype };
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

describe('type rules first', () => {
  /**
   * The rules that decide a member's type, and so may come first: class-validator's type checks, and @IsIn,
   * an enumeration whose one message names every accepted value.
   */
  const TYPE_RULES = new Set([IS_STRING, IS_INT, IS_NUMBER, IS_BOOLEAN, IS_ARRAY, IS_OBJECT, IS_IN]);

  /**
   * A member's rules that can refuse a value, in the order class-validator runs them under `stopAtFirstError`:
   * @IsDefined first, then the other constraints in the order they were registered, then @ValidateNested.
   * Conditions (@IsOptional, @ValidateIf) and @Allow refuse nothing.
   */
  const refusingRules = (metadatas: ValidationMetadata[]) => [
    ...metadatas.filter((rule) => rule.type === ValidationTypes.IS_DEFINED),
    ...metadatas.filter((rule) => rule.type === ValidationTypes.CUSTOM_VALIDATION),
    ...metadatas.filter(
      (rule) => rule.type === ValidationTypes.NESTED_VALIDATION || rule.type === ValidationTypes.PROMISE_VALIDATION,
    ),
  ];
  const describeRule = (rule: ValidationMetadata | undefined) =>
    rule === undefined ? 'no rule' : `${rule.name ?? rule.type}${rule.each ? ' (each)' : ''}`;

  /** every (class, member) of the DTOs with its rules, grouped as class-validator groups them */
  async function dtoMembers() {
    const members: { key: string; metatype: new () => object; member: string; rules: ValidationMetadata[] }[] = [];
    for (const { name, metatype } of await dtoClasses()) {
      const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined);
      const grouped = getMetadataStorage().groupByPropertyName(metadatas);
      for (const [member, rules] of Object.entries(grouped)) {
        members.push({ key: `${name}.${member}`, metatype, member, rules });
      }
    }
    return members;
  }

  it("checks every DTO member's type before anything else, and every list item's type before its other rules", async () => {
    const members = await dtoMembers();
    const offenders: string[] = [];
    for (const { key, rules } of members) {
      // @IsDefined only says "present"; the rule after it must still decide the type
      const refusing = refusingRules(rules).filter((rule) => rule.type !== ValidationTypes.IS_DEFINED);
      const first = refusing[0];
      if (first?.type !== ValidationTypes.CUSTOM_VALIDATION || first.each || !TYPE_RULES.has(first.name!)) {
        offenders.push(`${key}: first rule ${describeRule(first)}`);
      }
      const firstForItems = refusing.find((rule) => rule.each);
      if (firstForItems !== undefined && !TYPE_RULES.has(firstForItems.name ?? '')) {
        offenders.push(`${key}: first rule for its items ${describeRule(firstForItems)}`);
      }
    }
    expect(offenders).toEqual([]);
    // the scan finds every member of today's commands, queries and route parameters: 164, occurredAt once per class
    expect(members.length).toBeGreaterThanOrEqual(160);
  });

  /** what a user reads when a member is missing or of the wrong type */
  const typeMessage = (member: string, rule: ValidationMetadata) => {
    const messages: Record<string, () => string> = {
      [IS_STRING]: () => 'must be a string',
      [IS_INT]: () => 'must be an integer number',
      [IS_NUMBER]: () => 'must be a number conforming to the specified constraints',
      [IS_BOOLEAN]: () => 'must be a boolean value',
      [IS_ARRAY]: () => 'must be an array',
      [IS_OBJECT]: () => 'must be an object',
      [IS_IN]: () => `must be one of the following values: ${(rule.constraints[0] as unknown[]).join(', ')}`,
    };
    return `${member} ${messages[rule.name!]()}`;
  };

  const MISSING = Symbol('missing');
  const wrongValues: [string, unknown][] = [
    ['missing', MISSING],
    ['null', null],
    ['a number', 5],
    ['a text', 'x'],
    ['an empty text', ''],
    ['an array', ['x']],
    ['an object', {}],
    ['true', true],
  ];

  it("answers a missing value or one of the wrong type with the type rule's message on every DTO member", async () => {
    const answers: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const { key, metatype, member, rules } of await dtoMembers()) {
      // the member's type rule, wherever it stands (the scan above checks that it stands first)
      const typeRule = refusingRules(rules).find((rule) => !rule.each && TYPE_RULES.has(rule.name ?? ''));
      if (typeRule === undefined) {
        answers[key] = 'no type rule';
        continue;
      }
      const conditional = rules.some((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const [constraint] = getMetadataStorage().getTargetValidatorConstraints(typeRule.constraintCls);
      for (const [what, value] of wrongValues) {
        const instance = Object.assign(new metatype(), value === MISSING ? {} : { [member]: value });
        const args = {
          targetName: metatype.name,
          property: member,
          object: instance,
          constraints: typeRule.constraints,
        };
        const actual = (instance as Record<string, unknown>)[member];
        // values of the member's type are not the point here
        if (constraint.instance.validate(actual, { ...args, value: actual })) continue;
        const errors = await validate(instance, { stopAtFirstError: true, forbidUnknownValues: false });
        const answer = errors.find((error) => error.property === member)?.constraints;
        // @IsOptional and @ValidateIf may leave the member unchecked: then there is no answer at all
        answers[`${key} ${what}`] = answer === undefined && conditional ? 'not checked' : answer;
        expected[`${key} ${what}`] =
          answer === undefined && conditional ? 'not checked' : { [typeRule.name!]: typeMessage(member, typeRule) };
      }
    }
    expect(answers).toEqual(expected);
    // today about 1,050 (member, value) pairs whose value is not of the member's type
    expect(Object.keys(answers).length).toBeGreaterThanOrEqual(1000);
  });

  it('answers the wrong type in a body with the type, naming the member', async () => {
    const customer = opening().customer;
    const cases: [object, { field: string; message: string }][] = [
      [
        { ...opening(), customer: without(customer, 'name') },
        { field: 'customer.name', message: 'name must be a string' },
      ],
      [
        { ...opening(), customer: { ...customer, address: { ...customer.address, city: 5 } } },
        { field: 'customer.address.city', message: 'city must be a string' },
      ],
      [
        { ...opening(), contact: { email: ['x'] } },
        { field: 'contact.email', message: 'email must be a string' },
      ],
      [
        { ...opening(), paymentMeans: [without(opening().paymentMeans[0], 'identifier')] },
        { field: 'paymentMeans.0.identifier', message: 'identifier must be a string' },
      ],
      [without(opening(), 'accountId'), { field: 'accountId', message: 'accountId must be a string' }],
      [
        { ...opening(), customer: { ...customer, country: 49 } },
        { field: 'customer.country', message: 'country must be a string' },
      ],
      [
        { ...opening(), beneficialOwners: [{ ...owner(), ownershipPct: '30' }] },
        {
          field: 'beneficialOwners.0.ownershipPct',
          message: 'ownershipPct must be a number conforming to the specified constraints',
        },
      ],
      [
        { ...opening(), beneficialOwners: [without(owner(), 'controlBasis')] },
        { field: 'beneficialOwners.0.controlBasis', message: 'controlBasis must be a string' },
      ],
    ];
    for (const [body, error] of cases) expect(await errorsFor(OpenAccountDto, body)).toEqual([error]);
  });

  it('answers the wrong type in a query with the type, naming the member', async () => {
    const history = (query: object) => errorsFor(AccountHistoryQuery, query, 'query');
    expect(await history({})).toEqual([{ field: 'caseReference', message: 'caseReference must be a string' }]);
    // ?caseReference=a&caseReference=b
    expect(await history({ caseReference: ['a', 'b'] })).toEqual([
      { field: 'caseReference', message: 'caseReference must be a string' },
    ]);
    expect(await history({ caseReference: 'LE-1', after: ['1.2', '3.4'] })).toEqual([
      { field: 'after', message: 'after must be a string' },
    ]);
    expect(await history({ caseReference: 'LE-1', limit: 'ten' })).toEqual([
      { field: 'limit', message: 'limit must be an integer number' },
    ]);

    const inclusion = (query: object) => errorsFor(InclusionProofQuery, query, 'query');
    expect(await inclusion({ stream: 'account-acct_1' })).toEqual([
      { field: 'revision', message: 'revision must be an integer number' },
    ]);
    expect(await inclusion({ revision: '0' })).toEqual([{ field: 'stream', message: 'stream must be a string' }]);
    expect(await inclusion({ stream: 'account-acct_1', revision: 'x' })).toEqual([
      { field: 'revision', message: 'revision must be an integer number' },
    ]);
    expect(await errorsFor(ConsistencyProofQuery, {}, 'query')).toEqual([
      { field: 'from', message: 'from must be an integer number' },
    ]);
  });

  it('keeps the size, range and format messages for values of the right type', async () => {
    const customer = opening().customer;
    expect(
      await errorsFor(OpenAccountDto, { ...opening(), customer: { ...customer, name: 'x'.repeat(1001) } }),
    ).toEqual([{ field: 'customer.name', message: 'name must be shorter than or equal to 1000 characters' }]);
    expect(
      await errorsFor(OpenAccountDto, {
        ...opening(),
        customer: { ...customer, address: { ...customer.address, city: '' } },
      }),
    ).toEqual([{ field: 'customer.address.city', message: 'city must be longer than or equal to 1 characters' }]);
    expect(await errorsFor(OpenAccountDto, { ...opening(), contact: { email: 'erika' } })).toEqual([
      { field: 'contact.email', message: 'email must be an email' },
    ]);
    expect(await errorsFor(OpenAccountDto, { ...opening(), accountId: '_x' })).toEqual([
      {
        field: 'accountId',
        message: "accountId must be 1-128 characters: a letter or digit, then letters, digits, '.', '_', ':' or '-'",
      },
    ]);
    expect(
      await errorsFor(OpenAccountDto, { ...opening(), beneficialOwners: [{ ...owner(), ownershipPct: 101 }] }),
    ).toEqual([{ field: 'beneficialOwners.0.ownershipPct', message: 'ownershipPct must not be greater than 100' }]);

    expect(await errorsFor(AccountHistoryQuery, { caseReference: '' }, 'query')).toEqual([
      { field: 'caseReference', message: 'caseReference should not be empty' },
    ]);
    expect(await errorsFor(AccountHistoryQuery, { caseReference: 'x'.repeat(201) }, 'query')).toEqual([
      { field: 'caseReference', message: 'caseReference must be shorter than or equal to 200 characters' },
    ]);
    expect(await errorsFor(AccountHistoryQuery, { caseReference: 'LE-1', after: 'x' }, 'query')).toEqual([
      { field: 'after', message: 'after must be the page.next cursor of a previous page' },
    ]);
    expect(await errorsFor(InclusionProofQuery, { stream: 'account-acct_1', revision: '-1' }, 'query')).toEqual([
      { field: 'revision', message: 'revision must not be less than 0' },
    ]);
    expect(await errorsFor(AccountHistoryQuery, { caseReference: 'LE-1', limit: '1001' }, 'query')).toEqual([
      { field: 'limit', message: 'limit must not be greater than 1000' },
    ]);
  });
});
