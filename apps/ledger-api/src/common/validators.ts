import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  type ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { ID_PATTERN, utcMillisecondTime } from '@cip/domain';

// The API's own validators, shared by every DTO. They check form only; the domain checks meaning
// (e.g. "not in the future") and answers with its own problem codes.
//
// The type rule of a member comes first. The service validates with `stopAtFirstError`, and class-validator
// runs a member's rules in the order they were registered; decorators stacked on a property register
// bottom-up, so `@IsString() @MinLength(1) @MaxLength(200) city` checked MaxLength first and answered a missing
// city, a number or an array with "city must be shorter than or equal to 200 characters". Every member of the
// DTOs is therefore declared through a helper of this file that registers its type rule first and its other
// rules after it, in the order they are written: IsText and IsTextWith (@IsString), IsInteger and, for query
// and path values, IntegerText (@IsInt), IsFiniteNumber (@IsNumber), IsList (@IsArray), IsNestedObject
// (@IsObject), and the format rules below (IsLedgerId, IsInstant, …, each @IsString first); or by a single
// @IsIn, an enumeration whose one message names every accepted value. A missing member or one of the wrong type is answered with the type rule's
// message ("city must be a string", "revision must be an integer number"); only a value of the right type
// gets a size, range or format message. validators.spec.ts scans every DTO member for this order.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO-8601 instant with Z or an offset that names a real calendar date (2026-02-30 is refused). */
export function isInstant(value: unknown): value is string {
  // the usual spelling (UTC milliseconds, e.g. from toISOString), cheaply; then every other
  if (utcMillisecondTime(value) !== undefined) return true;
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return false;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  const offsetMs = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  return new Date(ms + offsetMs).toISOString().slice(0, 10) === value.slice(0, 10);
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function isLedgerId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/**
 * A format rule on texts: @IsString first (with the same `each`, but its own message), then the format, so
 * that what is not a text is answered "<member> must be a string" rather than with the format's message.
 */
function decorator(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator => {
    const format: PropertyDecorator = (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: `$property ${message}`, ...options },
        validator: { validate: test },
      });
    return applyDecorators(IsString({ ...options, message: undefined }), format);
  };
}

/** e.g. `2026-12-01T04:19:46.123Z` or `2026-12-01T05:19:46+01:00` */
export const IsInstant = decorator('isInstant', isInstant, 'must be an ISO-8601 date-time with Z or an offset');
/** e.g. `1980-04-30` */
export const IsCalendarDate = decorator('isCalendarDate', isCalendarDate, 'must be a calendar date YYYY-MM-DD');
/** 1-128 characters: a letter or digit, then letters, digits, `.`, `_`, `:` or `-` */
export const IsLedgerId = decorator(
  'isLedgerId',
  isLedgerId,
  "must be 1-128 characters: a letter or digit, then letters, digits, '.', '_', ':' or '-'",
);
/** ISO 3166-1 alpha-2, upper case */
export const IsCountryCode = decorator(
  'isCountryCode',
  (value) => typeof value === 'string' && /^[A-Z]{2}$/.test(value),
  'must be an ISO 3166-1 alpha-2 country code in upper case',
);
/** SHA-256 as 64 lower-case hex digits */
export const IsSha256Hex = decorator(
  'isSha256Hex',
  (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value),
  'must be a SHA-256 digest: 64 lower-case hex digits',
);

/**
 * A text: @IsString first, then `rules` in the order written (e.g. `IsTextWith(MaxLength(320), IsEmail())`).
 * For texts whose rules are not those of IsText: texts that may be empty, emails, phone numbers, IPs, patterns.
 */
export function IsTextWith(...rules: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(IsString(), ...rules);
}

/** A non-empty text of at most `maxLength` characters (the domain's own limit for free text is 1000). */
export function IsText(maxLength = 1000): PropertyDecorator {
  return IsTextWith(MinLength(1), MaxLength(maxLength));
}

/** The smallest and largest number a member may hold (both included). */
export interface NumberRange {
  min?: number;
  max?: number;
}

function rangeRules(range: NumberRange): PropertyDecorator[] {
  return [...(range.min !== undefined ? [Min(range.min)] : []), ...(range.max !== undefined ? [Max(range.max)] : [])];
}

/** An integer in `range` (of a JSON body): @IsInt first, then @Min and @Max. For query and path values, IntegerText. */
export function IsInteger(range: NumberRange = {}): PropertyDecorator {
  return applyDecorators(IsInt(), ...rangeRules(range));
}

/** Decimal digits with an optional minus sign, no more than a 64-bit integer has: the only integer texts taken. */
const INTEGER_TEXT = /^-?\d{1,19}$/;

/**
 * An integer given as text (a query or path value) in `range`, and never beyond Number.MAX_SAFE_INTEGER.
 * Only decimal digits become a number; any other text ('', ' 5', '0x10', '1e3', '2.0') and a repeated
 * parameter (an array) stay as they came, so they are answered "<member> must be an integer number".
 * `@Type(() => Number)`, used before, converted with Number(): an empty `?revision=` became 0 and was taken, and
 * '99999999999999999999999' became 1e23, an "integer" the answer then printed as 1e+23.
 */
export function IntegerText(range: NumberRange = {}): PropertyDecorator {
  return applyDecorators(Transform(integerFromText), IsInteger({ max: Number.MAX_SAFE_INTEGER, ...range }));
}

/** IntegerText's conversion (named, so that the validation fast path can recognise it and convert alike). */
export function integerFromText({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
}

/** A finite number (not NaN, not ±Infinity) in `range`: @IsNumber first, then @Min and @Max. */
export function IsFiniteNumber(range: NumberRange = {}): PropertyDecorator {
  return applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), ...rangeRules(range));
}

/** How many items a list may hold. */
export interface ListLimits {
  minItems?: number;
  maxItems: number;
}

/**
 * A list of `minItems`..`maxItems` items, each checked by `itemRules` (rules declared with `each: true`).
 *
 * Every list member of the DTOs is declared through this function, because the order matters (see the top of
 * this file): @IsArray comes first, then the size rules, then the item rules, so what is not a list (a text, a
 * number, an object, null, nothing) is answered "<member> must be an array", not with a size or item message
 * ("lines must contain no more than 5 elements" for `"lines": "Hauptstrasse 1"`). The item rules start with
 * the items' type rule too (`IsString({ each: true })`, `IsObject({ each: true })`, or a format rule of this
 * file, which brings its own).
 */
export function IsList(limits: ListLimits, ...itemRules: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(limits.minItems !== undefined ? [ArrayMinSize(limits.minItems)] : []),
    ArrayMaxSize(limits.maxItems),
    ...itemRules,
  );
}

/** A list of 0..`maxItems` non-empty texts. */
export function IsTextList(maxItems = 100, maxLength = 1000): PropertyDecorator {
  return IsList(
    { maxItems },
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(maxLength, { each: true }),
  );
}

/** A DTO class, named by a function so that a class defined further down the file can be named too. */
type DtoClass = () => new () => object;

/**
 * A member that holds one object, built as an instance of `type` and checked by its rules.
 *
 * @ValidateNested alone lets through what is not an object: class-validator skips an undefined member (a
 * required one may be missing) and walks an array item by item (`[]` passes). @IsObject refuses those, and
 * null or a text, as "<member> must be an object"; as it is checked before the nested rules, under
 * `stopAtFirstError` it is the only message. With @IsOptional, a missing member or null stays allowed.
 */
export function IsNestedObject(type: DtoClass): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}

/**
 * A list of `minItems`..`maxItems` objects, each built as an instance of `type` and checked by its rules.
 * An item that is not an object (an array, null, a text) is refused as "each value in <member> must be an
 * object" (@ValidateNested alone walks an array inside the list item by item); what is not a list is
 * answered "<member> must be an array" (IsList).
 */
export function IsNestedObjectList(type: DtoClass, limits: ListLimits): PropertyDecorator {
  return IsList(limits, IsObject({ each: true }), ValidateNested({ each: true }), Type(type));
}
