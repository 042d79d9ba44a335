// Proto3 JSON for the HTTP face (the mapping Connect's JSON codec and grpcurl use): @bufbuild/protobuf's
// conforming codec against buf's descriptors, bridged to the ts-proto messages the method table takes
// by the binary encoding, which both sides agree on by construction. ts-proto's own fromJSON/toJSON are
// not used: they coerce any JSON into a message (a string where a list belongs reached the handler)
// and write a Duration as {"seconds": …} instead of "28800s".
//
// Decoding is strict, as the proto3 JSON mapping asks by default: a wrong type, a null inside a list,
// an unknown field or enum name, an out-of-range number is refused before any handler runs, with one
// field violation per offending field. A field set to null is the field left out (the mapping's rule).
import { fromBinary, fromJson, toBinary, toJson, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { ErrorReason, PolicyError } from '../../app/errors';
import type { FieldViolation } from '../../domain/policy';
import { clip } from '../bounded-text';
import { protoRegistry } from '../descriptors';

/** BadRequest reasons of a body that is not a proto3 JSON encoding of the request message. */
export const JsonConstraint = {
  /** The body (or a nested message) is not a JSON object. */
  JSON_OBJECT_REQUIRED: 'JSON_OBJECT_REQUIRED',
  /** A key that names no field of the message. */
  JSON_UNKNOWN_FIELD: 'JSON_UNKNOWN_FIELD',
  /** A value of the wrong JSON type, out of range, or not a name of the field's enum. */
  JSON_INVALID_VALUE: 'JSON_INVALID_VALUE',
} as const;

/** How the generated code writes and reads a message: a grpc-js method definition's serializers. */
export interface BinaryCodec<T> {
  serialize(message: T): Uint8Array;
  deserialize(bytes: Buffer): T;
}

/** Nesting deeper than any message of ours: refused rather than recursed into. */
const MAX_DEPTH = 32;

export class ProtoJson<T> {
  constructor(
    private readonly schema: DescMessage,
    private readonly binary: BinaryCodec<T>,
  ) {}

  /** `typeName` must name a message in gen/descriptor: checked once, when the HTTP face starts. */
  static of<T>(typeName: string, binary: BinaryCodec<T>): ProtoJson<T> {
    const schema = protoRegistry().getMessage(typeName);
    if (!schema) throw new Error(`${typeName} is not in gen/descriptor; run npm run generate`);
    return new ProtoJson(schema, binary);
  }

  get typeName(): string {
    return this.schema.typeName;
  }

  /** The request message, or INVALID_ARGUMENT MALFORMED_REQUEST naming every field that is not valid. */
  decode(json: JsonValue): T {
    let message;
    try {
      message = fromJson(this.schema, json, readOptions());
    } catch (error) {
      const violations: FieldViolation[] = [];
      violationsIn(this.schema, json, '', violations, 0);
      // Each field valid alone but not together (two members of a oneof): the parser's own words.
      if (violations.length === 0) violations.push({ field: '', constraint: JsonConstraint.JSON_INVALID_VALUE, description: reasonOf(error) });
      const fields = [...new Set(violations.map((v) => v.field || '(body)'))].join(', ');
      throw new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_REQUEST, `the request body is not a proto3 JSON ${this.schema.name}`, {
        violations,
        metadata: { fields, message: this.schema.typeName },
      });
    }
    const bytes = toBinary(this.schema, message);
    return this.binary.deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** The answer as proto3 JSON (fields at their default left out, as the mapping does by default). */
  encode(message: T): JsonValue {
    return toJson(this.schema, fromBinary(this.schema, this.binary.serialize(message)), { registry: protoRegistry() });
  }
}

/** A message's binary encoding (an error detail) as proto3 JSON. */
export function binaryToJson(typeName: string, bytes: Uint8Array): JsonValue {
  const schema = protoRegistry().getMessage(typeName);
  if (!schema) throw new Error(`${typeName} is not in gen/descriptor`);
  return toJson(schema, fromBinary(schema, bytes), { registry: protoRegistry() });
}

function readOptions(): { ignoreUnknownFields: false; registry: ReturnType<typeof protoRegistry>; recursionLimit: number } {
  return { ignoreUnknownFields: false, registry: protoRegistry(), recursionLimit: MAX_DEPTH };
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Well-known types have their own JSON forms ("28800s", RFC 3339, bare wrapper values): parsed whole. */
function hasOwnJsonForm(message: DescMessage): boolean {
  return message.typeName.startsWith('google.protobuf.');
}

/** The parser's reason without its "cannot decode field x.y.Z.f from JSON: " preamble, cut short. */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return clip(text.replace(/^(cannot decode (field|message) [\w.]+ from JSON: )+/, ''), 96);
}

function fieldOf(schema: DescMessage, key: string): DescField | undefined {
  return schema.fields.find((f) => f.jsonName === key || f.name === key);
}

/**
 * Walks `json` against `schema` and records one violation per field that does not parse, named by its
 * path in proto field names ("settings.features[0]"): nested messages are walked into so the path is
 * exact, every other field is tried alone with the conforming parser, so its verdict is the parser's.
 */
function violationsIn(schema: DescMessage, json: JsonValue, path: string, out: FieldViolation[], depth: number): void {
  if (!isObject(json)) {
    out.push({ field: path, constraint: JsonConstraint.JSON_OBJECT_REQUIRED, description: `must be a JSON object (${schema.name})` });
    return;
  }
  if (depth >= MAX_DEPTH) {
    out.push({ field: path, constraint: JsonConstraint.JSON_INVALID_VALUE, description: `nests deeper than ${MAX_DEPTH} messages` });
    return;
  }
  for (const [key, value] of Object.entries(json)) {
    const field = fieldOf(schema, key);
    if (!field) {
      out.push({ field: join(path, clip(key, 64)), constraint: JsonConstraint.JSON_UNKNOWN_FIELD, description: `is not a field of ${schema.typeName}` });
      continue;
    }
    const name = join(path, field.name);
    if (value !== null && field.fieldKind === 'message' && !hasOwnJsonForm(field.message)) {
      violationsIn(field.message, value, name, out, depth + 1);
      continue;
    }
    if (Array.isArray(value) && field.fieldKind === 'list' && field.listKind === 'message' && !hasOwnJsonForm(field.message)) {
      const itemSchema = field.message;
      value.forEach((item, i) => {
        if (item === null) out.push({ field: `${name}[${i}]`, constraint: JsonConstraint.JSON_INVALID_VALUE, description: 'a list item must not be null' });
        else violationsIn(itemSchema, item, `${name}[${i}]`, out, depth + 1);
      });
      continue;
    }
    try {
      fromJson(schema, { [key]: value }, readOptions());
    } catch (error) {
      out.push({ field: name, constraint: JsonConstraint.JSON_INVALID_VALUE, description: reasonOf(error) });
    }
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
