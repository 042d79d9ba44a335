// Wire compatibility of the mirrored session-policy messages with docs/design.md §2.1.
//
// The field numbers and wire types below are copied by hand from the design (never read from the
// generated code). Each message is checked in both directions:
//   spec → generated:  bytes written field by field with a low-level BinaryWriter are read by the
//                      generated `X.decode`;
//   generated → spec:  bytes from the generated `X.encode` are taken apart tag by tag with a
//                      BinaryReader and every (field number, wire type, value) is matched to the table.
// Renumbering or retyping a field in the .proto (and regenerating) makes these tests fail.
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  GetOrganizationSessionPolicyRequest,
  GetOrganizationSessionPolicyResponse,
  UpdateOrganizationSessionPolicyRequest,
  UpdateOrganizationSessionPolicyResponse,
} from '../../gen/ts/sessionpolicy/v1/admin_service';
import {
  ApplicationSessionPolicySettings,
  OrganizationSessionPolicySettings,
  OrganizationSettings,
  OrganizationSettingsFeature,
  SessionPolicyType,
  TimeUnit,
} from '../../gen/ts/sessionpolicy/v1/session_policy';

// ---------------------------------------------------------------------------------------------------
// The spec tables (docs/design.md §2.1), keyed by proto field name.
// ---------------------------------------------------------------------------------------------------

type FieldKind = 'enum' | 'int32' | 'bool' | 'string' | 'message';

interface FieldSpec {
  readonly no: number;
  readonly wire: WireType;
  readonly kind: FieldKind;
  /** For kind 'message': the table of the embedded message. */
  readonly message?: MessageSpec;
  readonly repeated?: true;
  /** proto3 `optional` (explicit presence). */
  readonly optional?: true;
  /** Our addition to a mirrored message (not part of the mirrored SDK shape). */
  readonly addition?: true;
}

type MessageSpec = Readonly<Record<string, FieldSpec>>;

const VARINT = WireType.Varint;
const LEN = WireType.LengthDelimited;

/** google.protobuf.Int32Value: 1 int32 value. */
const INT32_VALUE: MessageSpec = {
  value: { no: 1, wire: VARINT, kind: 'int32' },
};

/** google.protobuf.BoolValue: 1 bool value. */
const BOOL_VALUE: MessageSpec = {
  value: { no: 1, wire: VARINT, kind: 'bool' },
};

const ORGANIZATION_SESSION_POLICY_SETTINGS: MessageSpec = {
  policy_source: { no: 1, wire: VARINT, kind: 'enum' },
  absolute_session_timeout: { no: 2, wire: LEN, kind: 'message', message: INT32_VALUE },
  absolute_session_timeout_unit: { no: 3, wire: VARINT, kind: 'enum', optional: true },
  idle_session_timeout_enabled: { no: 4, wire: LEN, kind: 'message', message: BOOL_VALUE },
  idle_session_timeout: { no: 5, wire: LEN, kind: 'message', message: INT32_VALUE },
  idle_session_timeout_unit: { no: 6, wire: VARINT, kind: 'enum', optional: true },
};

const APPLICATION_SESSION_POLICY_SETTINGS: MessageSpec = {
  absolute_session_timeout: { no: 1, wire: VARINT, kind: 'int32' },
  idle_session_timeout_enabled: { no: 2, wire: VARINT, kind: 'bool' },
  idle_session_timeout: { no: 3, wire: VARINT, kind: 'int32' },
  access_token_expiry: { no: 4, wire: VARINT, kind: 'int32' },
  absolute_session_timeout_unit: { no: 5, wire: VARINT, kind: 'enum', optional: true },
  idle_session_timeout_unit: { no: 6, wire: VARINT, kind: 'enum', optional: true },
};

const ORGANIZATION_SETTINGS_FEATURE: MessageSpec = {
  name: { no: 1, wire: LEN, kind: 'string' },
  enabled: { no: 2, wire: VARINT, kind: 'bool' },
};

const ORGANIZATION_SETTINGS: MessageSpec = {
  features: { no: 1, wire: LEN, kind: 'message', message: ORGANIZATION_SETTINGS_FEATURE, repeated: true },
};

const UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST: MessageSpec = {
  organization_id: { no: 1, wire: LEN, kind: 'string' },
  policy_source: { no: 2, wire: VARINT, kind: 'enum' },
  absolute_session_timeout: { no: 3, wire: LEN, kind: 'message', message: INT32_VALUE },
  absolute_session_timeout_unit: { no: 4, wire: VARINT, kind: 'enum', optional: true },
  idle_session_timeout_enabled: { no: 5, wire: LEN, kind: 'message', message: BOOL_VALUE },
  idle_session_timeout: { no: 6, wire: LEN, kind: 'message', message: INT32_VALUE },
  idle_session_timeout_unit: { no: 7, wire: VARINT, kind: 'enum', optional: true },
  etag: { no: 8, wire: LEN, kind: 'string', addition: true },
};

const GET_ORGANIZATION_SESSION_POLICY_REQUEST: MessageSpec = {
  organization_id: { no: 1, wire: LEN, kind: 'string' },
};

const GET_ORGANIZATION_SESSION_POLICY_RESPONSE: MessageSpec = {
  policy: { no: 1, wire: LEN, kind: 'message', message: ORGANIZATION_SESSION_POLICY_SETTINGS },
  etag: { no: 2, wire: LEN, kind: 'string', addition: true },
};

const UPDATE_ORGANIZATION_SESSION_POLICY_RESPONSE: MessageSpec = {
  policy: { no: 1, wire: LEN, kind: 'message', message: ORGANIZATION_SESSION_POLICY_SETTINGS },
  etag: { no: 2, wire: LEN, kind: 'string', addition: true },
};

const ALL_SPECS: ReadonlyArray<readonly [string, MessageSpec]> = [
  ['google.protobuf.Int32Value', INT32_VALUE],
  ['google.protobuf.BoolValue', BOOL_VALUE],
  ['OrganizationSessionPolicySettings', ORGANIZATION_SESSION_POLICY_SETTINGS],
  ['ApplicationSessionPolicySettings', APPLICATION_SESSION_POLICY_SETTINGS],
  ['OrganizationSettings', ORGANIZATION_SETTINGS],
  ['OrganizationSettingsFeature', ORGANIZATION_SETTINGS_FEATURE],
  ['UpdateOrganizationSessionPolicyRequest', UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST],
  ['GetOrganizationSessionPolicyRequest', GET_ORGANIZATION_SESSION_POLICY_REQUEST],
  ['GetOrganizationSessionPolicyResponse', GET_ORGANIZATION_SESSION_POLICY_RESPONSE],
  ['UpdateOrganizationSessionPolicyResponse', UPDATE_ORGANIZATION_SESSION_POLICY_RESPONSE],
];

// ---------------------------------------------------------------------------------------------------
// A spec-driven hand encoder/decoder. A "wire object" is keyed by proto field name and holds exactly
// the fields present on the wire: numbers for enum/int32, booleans, strings, nested wire objects for
// messages and arrays of them for repeated messages. A missing key means the field is absent.
// ---------------------------------------------------------------------------------------------------

type WireValue = number | boolean | string | WireObject | WireObject[];
interface WireObject {
  [field: string]: WireValue;
}

function isWireObject(value: WireValue): value is WireObject {
  return typeof value === 'object' && !Array.isArray(value);
}

function writeField(writer: BinaryWriter, name: string, field: FieldSpec, value: WireValue): void {
  writer.tag(field.no, field.wire);
  switch (field.kind) {
    case 'enum':
    case 'int32':
      if (typeof value !== 'number') throw new Error(`${name}: expected a number`);
      writer.int32(value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new Error(`${name}: expected a boolean`);
      writer.bool(value);
      return;
    case 'string':
      if (typeof value !== 'string') throw new Error(`${name}: expected a string`);
      writer.string(value);
      return;
    case 'message':
      if (!isWireObject(value) || field.message === undefined) throw new Error(`${name}: expected a message`);
      writer.fork();
      handEncodeInto(writer, field.message, value);
      writer.join();
      return;
  }
}

function handEncodeInto(writer: BinaryWriter, spec: MessageSpec, object: WireObject): void {
  for (const name of Object.keys(object)) {
    if (!(name in spec)) throw new Error(`field ${name} is not in the spec`);
  }
  for (const [name, field] of Object.entries(spec)) {
    const value = object[name];
    if (value === undefined) continue;
    if (field.repeated) {
      if (!Array.isArray(value)) throw new Error(`${name}: expected an array`);
      for (const element of value) writeField(writer, name, field, element);
    } else {
      writeField(writer, name, field, value);
    }
  }
}

/** Encodes `object` using only the field numbers and wire types of the spec table. */
function handEncode(spec: MessageSpec, object: WireObject): Uint8Array {
  const writer = new BinaryWriter();
  handEncodeInto(writer, spec, object);
  return writer.finish();
}

interface HandDecoded {
  /** The fields present, keyed by their spec name. */
  readonly object: WireObject;
  /** Every top-level (field number, wire type) in wire order. */
  readonly tags: Array<[number, WireType]>;
}

/**
 * Takes `bytes` apart tag by tag. Fails on a field number that is not in the spec, on a wire type
 * that differs from the spec, and on a non-repeated field written twice.
 */
function handDecode(spec: MessageSpec, bytes: Uint8Array): HandDecoded {
  const byNumber = new Map<number, [string, FieldSpec]>();
  for (const [name, field] of Object.entries(spec)) byNumber.set(field.no, [name, field]);
  const reader = new BinaryReader(bytes);
  const object: WireObject = {};
  const tags: Array<[number, WireType]> = [];
  while (reader.pos < reader.len) {
    const [no, wire] = reader.tag();
    tags.push([no, wire]);
    const entry = byNumber.get(no);
    if (entry === undefined) throw new Error(`field number ${no} (wire type ${wire}) is not in the spec`);
    const [name, field] = entry;
    if (wire !== field.wire) throw new Error(`field ${name} (${no}) has wire type ${wire}, the spec says ${field.wire}`);
    let value: WireValue;
    switch (field.kind) {
      case 'enum':
      case 'int32':
        value = reader.int32();
        break;
      case 'bool':
        value = reader.bool();
        break;
      case 'string':
        value = reader.string();
        break;
      case 'message':
        if (field.message === undefined) throw new Error(`${name}: no message spec`);
        value = handDecode(field.message, reader.bytes()).object;
        break;
    }
    if (field.repeated) {
      const list = (object[name] ?? []) as WireObject[];
      list.push(value as WireObject);
      object[name] = list;
    } else {
      if (name in object) throw new Error(`field ${name} (${no}) appears twice`);
      object[name] = value;
    }
  }
  return { object, tags };
}

/** The (field number, wire type) pairs the spec expects for a wire object, in field-number order. */
function expectedTags(spec: MessageSpec, object: WireObject): Array<[number, WireType]> {
  const tags: Array<[number, WireType]> = [];
  for (const [name, value] of Object.entries(object)) {
    const field = spec[name];
    if (field === undefined) throw new Error(`field ${name} is not in the spec`);
    const count = Array.isArray(value) ? value.length : 1;
    for (let i = 0; i < count; i++) tags.push([field.no, field.wire]);
  }
  return tags.sort((a, b) => a[0] - b[0]);
}

/** A raw tag as a single varint value: (field number << 3) | wire type. */
const tagOf = (no: number, wire: WireType): number => ((no << 3) | wire) >>> 0;

// ---------------------------------------------------------------------------------------------------
// Both directions, per message.
// ---------------------------------------------------------------------------------------------------

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

interface Scenario<T> {
  /** "when …" text. */
  readonly when: string;
  /** The fields on the wire, per the spec table. */
  readonly wire: WireObject;
  /** The same content as the generated TypeScript object (every field spelled out). */
  readonly message: T;
}

function describeWireCompatibility<T>(name: string, spec: MessageSpec, codec: Codec<T>, scenarios: ReadonlyArray<Scenario<T>>): void {
  describe(`${name} wire compatibility`, () => {
    it.each(scenarios.map((s) => [s.when, s] as const))(
      'when the spec encoding of %s is decoded by the generated decoder, then every field is read back',
      (_when, scenario) => {
        const bytes = handEncode(spec, scenario.wire);
        expect(codec.decode(bytes)).toEqual(scenario.message);
      },
    );

    it.each(scenarios.map((s) => [s.when, s] as const))(
      'when the generated encoder writes %s, then each field number, wire type and value matches the spec',
      (_when, scenario) => {
        const bytes = codec.encode(scenario.message).finish();
        const decoded = handDecode(spec, bytes);
        expect([...decoded.tags].sort((a, b) => a[0] - b[0])).toEqual(expectedTags(spec, scenario.wire));
        expect(decoded.object).toStrictEqual(scenario.wire);
        // The generated bytes and the spec bytes are interchangeable for the generated decoder too.
        expect(codec.decode(bytes)).toEqual(codec.decode(handEncode(spec, scenario.wire)));
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------

const customAllSetWire: WireObject = {
  policy_source: 2,
  absolute_session_timeout: { value: 1440 },
  absolute_session_timeout_unit: 1,
  idle_session_timeout_enabled: { value: true },
  idle_session_timeout: { value: 30 },
  idle_session_timeout_unit: 1,
};
const customAllSet: OrganizationSessionPolicySettings = {
  policySource: SessionPolicyType.CUSTOM,
  absoluteSessionTimeout: 1440,
  absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
  idleSessionTimeoutEnabled: true,
  idleSessionTimeout: 30,
  idleSessionTimeoutUnit: TimeUnit.MINUTES,
};
const applicationOnlyWire: WireObject = { policy_source: 1 };
const applicationOnly: OrganizationSessionPolicySettings = {
  policySource: SessionPolicyType.APPLICATION,
  absoluteSessionTimeout: undefined,
  absoluteSessionTimeoutUnit: undefined,
  idleSessionTimeoutEnabled: undefined,
  idleSessionTimeout: undefined,
  idleSessionTimeoutUnit: undefined,
};
const emptyOrganizationPolicy: OrganizationSessionPolicySettings = {
  policySource: SessionPolicyType.SESSION_POLICY_TYPE_UNSPECIFIED,
  absoluteSessionTimeout: undefined,
  absoluteSessionTimeoutUnit: undefined,
  idleSessionTimeoutEnabled: undefined,
  idleSessionTimeout: undefined,
  idleSessionTimeoutUnit: undefined,
};

describeWireCompatibility('OrganizationSessionPolicySettings', ORGANIZATION_SESSION_POLICY_SETTINGS, OrganizationSessionPolicySettings, [
  { when: 'an APPLICATION organization with every wrapper unset', wire: applicationOnlyWire, message: applicationOnly },
  { when: 'a CUSTOM organization with every field set', wire: customAllSetWire, message: customAllSet },
  {
    when: 'a CUSTOM organization with idle off (BoolValue false), unit UNSPECIFIED and no idle unit',
    wire: { policy_source: 2, absolute_session_timeout: { value: 720 }, absolute_session_timeout_unit: 0, idle_session_timeout_enabled: {} },
    message: {
      policySource: SessionPolicyType.CUSTOM,
      absoluteSessionTimeout: 720,
      absoluteSessionTimeoutUnit: TimeUnit.SESSION_TIME_UNIT_UNSPECIFIED,
      idleSessionTimeoutEnabled: false,
      idleSessionTimeout: undefined,
      idleSessionTimeoutUnit: undefined,
    },
  },
  {
    when: 'a CUSTOM organization in DAYS and HOURS',
    wire: {
      policy_source: 2,
      absolute_session_timeout: { value: 7 },
      absolute_session_timeout_unit: 3,
      idle_session_timeout_enabled: { value: true },
      idle_session_timeout: { value: 2 },
      idle_session_timeout_unit: 2,
    },
    message: {
      policySource: SessionPolicyType.CUSTOM,
      absoluteSessionTimeout: 7,
      absoluteSessionTimeoutUnit: TimeUnit.DAYS,
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 2,
      idleSessionTimeoutUnit: TimeUnit.HOURS,
    },
  },
  {
    when: 'Int32Value wrappers holding 0 (present but empty submessages)',
    wire: { policy_source: 2, absolute_session_timeout: {}, idle_session_timeout: {} },
    message: { ...emptyOrganizationPolicy, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 0, idleSessionTimeout: 0 },
  },
  { when: 'an empty policy (policy_source UNSPECIFIED)', wire: {}, message: emptyOrganizationPolicy },
]);

describeWireCompatibility('ApplicationSessionPolicySettings', APPLICATION_SESSION_POLICY_SETTINGS, ApplicationSessionPolicySettings, [
  {
    when: 'an application policy with every field set',
    wire: {
      absolute_session_timeout: 1440,
      idle_session_timeout_enabled: true,
      idle_session_timeout: 30,
      access_token_expiry: 15,
      absolute_session_timeout_unit: 1,
      idle_session_timeout_unit: 1,
    },
    message: {
      absoluteSessionTimeout: 1440,
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 30,
      accessTokenExpiry: 15,
      absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
      idleSessionTimeoutUnit: TimeUnit.MINUTES,
    },
  },
  {
    when: 'an application policy with idle off and no units (proto3 defaults omitted)',
    wire: { absolute_session_timeout: 525600, access_token_expiry: 43200 },
    message: {
      absoluteSessionTimeout: 525600,
      idleSessionTimeoutEnabled: false,
      idleSessionTimeout: 0,
      accessTokenExpiry: 43200,
      absoluteSessionTimeoutUnit: undefined,
      idleSessionTimeoutUnit: undefined,
    },
  },
  {
    when: 'an application policy with unit UNSPECIFIED and HOURS',
    wire: {
      absolute_session_timeout: 24,
      idle_session_timeout_enabled: true,
      idle_session_timeout: 2,
      access_token_expiry: 60,
      absolute_session_timeout_unit: 0,
      idle_session_timeout_unit: 2,
    },
    message: {
      absoluteSessionTimeout: 24,
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 2,
      accessTokenExpiry: 60,
      absoluteSessionTimeoutUnit: TimeUnit.SESSION_TIME_UNIT_UNSPECIFIED,
      idleSessionTimeoutUnit: TimeUnit.HOURS,
    },
  },
]);

describeWireCompatibility('OrganizationSettingsFeature', ORGANIZATION_SETTINGS_FEATURE, OrganizationSettingsFeature, [
  { when: 'the session_policy feature switched on', wire: { name: 'session_policy', enabled: true }, message: { name: 'session_policy', enabled: true } },
  { when: 'the session_policy feature switched off', wire: { name: 'session_policy' }, message: { name: 'session_policy', enabled: false } },
]);

describeWireCompatibility('OrganizationSettings', ORGANIZATION_SETTINGS, OrganizationSettings, [
  {
    when: 'two repeated features',
    wire: { features: [{ name: 'session_policy', enabled: true }, { name: 'other_feature' }] },
    message: {
      features: [
        { name: 'session_policy', enabled: true },
        { name: 'other_feature', enabled: false },
      ],
    },
  },
  { when: 'no features', wire: {}, message: { features: [] } },
]);

describeWireCompatibility('GetOrganizationSessionPolicyRequest', GET_ORGANIZATION_SESSION_POLICY_REQUEST, GetOrganizationSessionPolicyRequest, [
  { when: 'an organization id', wire: { organization_id: 'org_42:eu-1' }, message: { organizationId: 'org_42:eu-1' } },
]);

describeWireCompatibility('UpdateOrganizationSessionPolicyRequest', UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST, UpdateOrganizationSessionPolicyRequest, [
  {
    when: 'a CUSTOM update with every field set and an etag',
    wire: {
      organization_id: 'org-1',
      policy_source: 2,
      absolute_session_timeout: { value: 12 },
      absolute_session_timeout_unit: 2,
      idle_session_timeout_enabled: { value: true },
      idle_session_timeout: { value: 45 },
      idle_session_timeout_unit: 1,
      etag: 'W/"7"',
    },
    message: { requestId: '',
      organizationId: 'org-1',
      policySource: SessionPolicyType.CUSTOM,
      absoluteSessionTimeout: 12,
      absoluteSessionTimeoutUnit: TimeUnit.HOURS,
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 45,
      idleSessionTimeoutUnit: TimeUnit.MINUTES,
      etag: 'W/"7"',
    },
  },
  {
    when: 'an APPLICATION update with every wrapper unset and no etag',
    wire: { organization_id: 'org-2', policy_source: 1 },
    message: { requestId: '',
      organizationId: 'org-2',
      policySource: SessionPolicyType.APPLICATION,
      absoluteSessionTimeout: undefined,
      absoluteSessionTimeoutUnit: undefined,
      idleSessionTimeoutEnabled: undefined,
      idleSessionTimeout: undefined,
      idleSessionTimeoutUnit: undefined,
      etag: '',
    },
  },
  {
    when: 'a CUSTOM update with idle off (BoolValue false) and unit UNSPECIFIED',
    wire: { organization_id: 'org-3', policy_source: 2, absolute_session_timeout: { value: 90 }, absolute_session_timeout_unit: 0, idle_session_timeout_enabled: {} },
    message: { requestId: '',
      organizationId: 'org-3',
      policySource: SessionPolicyType.CUSTOM,
      absoluteSessionTimeout: 90,
      absoluteSessionTimeoutUnit: TimeUnit.SESSION_TIME_UNIT_UNSPECIFIED,
      idleSessionTimeoutEnabled: false,
      idleSessionTimeout: undefined,
      idleSessionTimeoutUnit: undefined,
      etag: '',
    },
  },
]);

describeWireCompatibility('GetOrganizationSessionPolicyResponse', GET_ORGANIZATION_SESSION_POLICY_RESPONSE, GetOrganizationSessionPolicyResponse, [
  { when: 'a CUSTOM policy and an etag', wire: { policy: customAllSetWire, etag: 'v3' }, message: { policy: customAllSet, etag: 'v3' } },
  { when: 'an APPLICATION policy without etag', wire: { policy: applicationOnlyWire }, message: { policy: applicationOnly, etag: '' } },
  { when: 'an empty policy submessage', wire: { policy: {} }, message: { policy: emptyOrganizationPolicy, etag: '' } },
  { when: 'no policy at all', wire: {}, message: { policy: undefined, etag: '' } },
]);

describeWireCompatibility('UpdateOrganizationSessionPolicyResponse', UPDATE_ORGANIZATION_SESSION_POLICY_RESPONSE, UpdateOrganizationSessionPolicyResponse, [
  { when: 'a CUSTOM policy and an etag', wire: { policy: customAllSetWire, etag: 'v4' }, message: { policy: customAllSet, etag: 'v4' } },
  { when: 'an APPLICATION policy without etag', wire: { policy: applicationOnlyWire }, message: { policy: applicationOnly, etag: '' } },
]);

// ---------------------------------------------------------------------------------------------------
// Presence rules spelled out
// ---------------------------------------------------------------------------------------------------

describe('OrganizationSessionPolicySettings presence on the wire', () => {
  it('when idle_session_timeout_enabled is false, then field 4 is still present as an empty-or-zero BoolValue', () => {
    const bytes = OrganizationSessionPolicySettings.encode({ ...emptyOrganizationPolicy, idleSessionTimeoutEnabled: false }).finish();
    const { object, tags } = handDecode(ORGANIZATION_SESSION_POLICY_SETTINGS, bytes);
    expect(tags).toEqual([[4, WireType.LengthDelimited]]);
    expect([{}, { value: false }]).toContainEqual(object['idle_session_timeout_enabled']);
  });

  it('when a BoolValue carries an explicit value=false (as other encoders may write it), then it decodes to false, not unset', () => {
    const bytes = handEncode(ORGANIZATION_SESSION_POLICY_SETTINGS, { policy_source: 2, idle_session_timeout_enabled: { value: false } });
    expect(OrganizationSessionPolicySettings.decode(bytes).idleSessionTimeoutEnabled).toBe(false);
  });

  it('when an Int32Value carries an explicit value=0, then it decodes to 0, not unset', () => {
    const bytes = handEncode(ORGANIZATION_SESSION_POLICY_SETTINGS, { absolute_session_timeout: { value: 0 } });
    expect(OrganizationSessionPolicySettings.decode(bytes).absoluteSessionTimeout).toBe(0);
  });

  it('when every wrapper and unit is unset, then fields 2 to 6 are absent from the wire', () => {
    const bytes = OrganizationSessionPolicySettings.encode(applicationOnly).finish();
    const { object, tags } = handDecode(ORGANIZATION_SESSION_POLICY_SETTINGS, bytes);
    expect(tags).toEqual([[1, WireType.Varint]]);
    for (const name of ['absolute_session_timeout', 'absolute_session_timeout_unit', 'idle_session_timeout_enabled', 'idle_session_timeout', 'idle_session_timeout_unit']) {
      expect(object).not.toHaveProperty(name);
    }
    expect(Array.from(bytes)).toEqual([tagOf(1, WireType.Varint), 1]);
  });

  it.each([
    ['SESSION_TIME_UNIT_UNSPECIFIED', 0, TimeUnit.SESSION_TIME_UNIT_UNSPECIFIED],
    ['MINUTES', 1, TimeUnit.MINUTES],
  ])('when an optional unit is set to %s, then fields 3 and 6 are present with value %i', (_name, wireValue, unit) => {
    const message = { ...emptyOrganizationPolicy, absoluteSessionTimeoutUnit: unit, idleSessionTimeoutUnit: unit };
    const bytes = OrganizationSessionPolicySettings.encode(message).finish();
    expect(Array.from(bytes)).toEqual([tagOf(3, WireType.Varint), wireValue, tagOf(6, WireType.Varint), wireValue]);
    expect(OrganizationSessionPolicySettings.decode(bytes)).toEqual(message);
  });

  it('when policy_source is UNSPECIFIED (plain proto3 enum), then field 1 is absent', () => {
    expect(OrganizationSessionPolicySettings.encode(emptyOrganizationPolicy).finish()).toHaveLength(0);
  });

  it('when only idle_session_timeout is set, then exactly the bytes of field 5 wrapping field 1 are written', () => {
    const bytes = OrganizationSessionPolicySettings.encode({ ...emptyOrganizationPolicy, idleSessionTimeout: 30 }).finish();
    expect(Array.from(bytes)).toEqual([tagOf(5, WireType.LengthDelimited), 2, tagOf(1, WireType.Varint), 30]);
  });
});

describe('UpdateOrganizationSessionPolicyRequest presence on the wire', () => {
  const base: UpdateOrganizationSessionPolicyRequest = { requestId: '',
    organizationId: '',
    policySource: SessionPolicyType.SESSION_POLICY_TYPE_UNSPECIFIED,
    absoluteSessionTimeout: undefined,
    absoluteSessionTimeoutUnit: undefined,
    idleSessionTimeoutEnabled: undefined,
    idleSessionTimeout: undefined,
    idleSessionTimeoutUnit: undefined,
    etag: '',
  };

  it('when idle_session_timeout_enabled is false, then field 5 is present as an empty-or-zero BoolValue', () => {
    const bytes = UpdateOrganizationSessionPolicyRequest.encode({ ...base, idleSessionTimeoutEnabled: false }).finish();
    const { object, tags } = handDecode(UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST, bytes);
    expect(tags).toEqual([[5, WireType.LengthDelimited]]);
    expect([{}, { value: false }]).toContainEqual(object['idle_session_timeout_enabled']);
  });

  it('when the optional units are 0 and MINUTES, then fields 4 and 7 are present; when unset, then absent', () => {
    const set = UpdateOrganizationSessionPolicyRequest.encode({ ...base, absoluteSessionTimeoutUnit: TimeUnit.SESSION_TIME_UNIT_UNSPECIFIED, idleSessionTimeoutUnit: TimeUnit.MINUTES }).finish();
    expect(Array.from(set)).toEqual([tagOf(4, WireType.Varint), 0, tagOf(7, WireType.Varint), 1]);
    expect(UpdateOrganizationSessionPolicyRequest.encode(base).finish()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------------

describe('mirrored enum numbers', () => {
  const sessionPolicyTypeSpec: Array<[string, number]> = [
    ['SESSION_POLICY_TYPE_UNSPECIFIED', 0],
    ['APPLICATION', 1],
    ['CUSTOM', 2],
  ];
  const timeUnitSpec: Array<[string, number]> = [
    ['SESSION_TIME_UNIT_UNSPECIFIED', 0],
    ['MINUTES', 1],
    ['HOURS', 2],
    ['DAYS', 3],
  ];
  const namesOf = (e: object): string[] => Object.keys(e).filter((key) => Number.isNaN(Number(key)));

  it.each(sessionPolicyTypeSpec)('when SessionPolicyType.%s is used, then its number is %i', (name, value) => {
    expect((SessionPolicyType as unknown as Record<string, number>)[name]).toBe(value);
    expect(SessionPolicyType[value]).toBe(name);
  });

  it.each(timeUnitSpec)('when TimeUnit.%s is used, then its number is %i', (name, value) => {
    expect((TimeUnit as unknown as Record<string, number>)[name]).toBe(value);
    expect(TimeUnit[value]).toBe(name);
  });

  it('when the generated enums are listed, then they hold exactly the spec values (plus ts-proto UNRECOGNIZED = -1)', () => {
    expect(namesOf(SessionPolicyType).sort()).toEqual([...sessionPolicyTypeSpec.map(([n]) => n), 'UNRECOGNIZED'].sort());
    expect(namesOf(TimeUnit).sort()).toEqual([...timeUnitSpec.map(([n]) => n), 'UNRECOGNIZED'].sort());
    expect(SessionPolicyType.UNRECOGNIZED).toBe(-1);
    expect(TimeUnit.UNRECOGNIZED).toBe(-1);
  });

  it.each(sessionPolicyTypeSpec)('when policy_source %s is written as varint %i in field 1, then the generated decoder reads it', (name, value) => {
    const decoded = OrganizationSessionPolicySettings.decode(handEncode(ORGANIZATION_SESSION_POLICY_SETTINGS, { policy_source: value }));
    expect(SessionPolicyType[decoded.policySource]).toBe(name);
  });

  it.each(timeUnitSpec)('when unit %s is written as varint %i in fields 3 and 6, then the generated decoder reads it', (name, value) => {
    const decoded = OrganizationSessionPolicySettings.decode(
      handEncode(ORGANIZATION_SESSION_POLICY_SETTINGS, { absolute_session_timeout_unit: value, idle_session_timeout_unit: value }),
    );
    expect(TimeUnit[decoded.absoluteSessionTimeoutUnit as TimeUnit]).toBe(name);
    expect(TimeUnit[decoded.idleSessionTimeoutUnit as TimeUnit]).toBe(name);
  });
});

describe('unknown enum numbers on the wire', () => {
  it('when policy_source = 7 arrives, then it decodes to the raw number 7 (so the server can reject it)', () => {
    const bytes = handEncode(ORGANIZATION_SESSION_POLICY_SETTINGS, { policy_source: 7 });
    const decoded = OrganizationSessionPolicySettings.decode(bytes);
    expect(decoded.policySource).toBe(7);
    expect(decoded.policySource).not.toBe(SessionPolicyType.UNRECOGNIZED);
  });

  it('when an update request carries policy_source = 7 and units = 9, then the raw numbers are decoded and re-encoded unchanged', () => {
    const wire: WireObject = { organization_id: 'org-1', policy_source: 7, absolute_session_timeout_unit: 9, idle_session_timeout_unit: 9 };
    const decoded = UpdateOrganizationSessionPolicyRequest.decode(handEncode(UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST, wire));
    expect(decoded.policySource).toBe(7);
    expect(decoded.absoluteSessionTimeoutUnit).toBe(9);
    expect(decoded.idleSessionTimeoutUnit).toBe(9);
    expect(handDecode(UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST, UpdateOrganizationSessionPolicyRequest.encode(decoded).finish()).object).toStrictEqual(wire);
  });
});

// ---------------------------------------------------------------------------------------------------
// Our additions and the tables themselves
// ---------------------------------------------------------------------------------------------------

describe('our additions to mirrored messages', () => {
  it.each([
    ['UpdateOrganizationSessionPolicyRequest', 8, UPDATE_ORGANIZATION_SESSION_POLICY_REQUEST],
    ['GetOrganizationSessionPolicyResponse', 2, GET_ORGANIZATION_SESSION_POLICY_RESPONSE],
    ['UpdateOrganizationSessionPolicyResponse', 2, UPDATE_ORGANIZATION_SESSION_POLICY_RESPONSE],
  ] as const)('when %s carries an etag, then it uses field %i, beyond every mirrored field number', (_name, etagNumber, spec) => {
    const etag = spec['etag'];
    expect(etag).toEqual({ no: etagNumber, wire: WireType.LengthDelimited, kind: 'string', addition: true });
    const mirrored = Object.values(spec).filter((f) => !f.addition).map((f) => f.no);
    expect(Math.max(...mirrored)).toBeLessThan(etagNumber);
  });

  it('when only the etag is set, then the generated encoders write exactly field 8 (request) and field 2 (responses) as strings', () => {
    const etagBytes = (no: number): number[] => [tagOf(no, WireType.LengthDelimited), 2, 0x76, 0x31]; // "v1"
    const request = UpdateOrganizationSessionPolicyRequest.fromPartial({ etag: 'v1' });
    expect(Array.from(UpdateOrganizationSessionPolicyRequest.encode(request).finish())).toEqual(etagBytes(8));
    expect(Array.from(GetOrganizationSessionPolicyResponse.encode({ policy: undefined, etag: 'v1' }).finish())).toEqual(etagBytes(2));
    expect(Array.from(UpdateOrganizationSessionPolicyResponse.encode({ policy: undefined, etag: 'v1' }).finish())).toEqual(etagBytes(2));
  });
});

describe('the spec tables and the checker', () => {
  it.each(ALL_SPECS)('when the %s table is read, then field numbers are unique and each wire type fits its kind', (_name, spec) => {
    const numbers = Object.values(spec).map((f) => f.no);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const field of Object.values(spec)) {
      const expectedWire = field.kind === 'string' || field.kind === 'message' ? WireType.LengthDelimited : WireType.Varint;
      expect(field.wire).toBe(expectedWire);
      expect(field.kind === 'message').toBe(field.message !== undefined);
    }
  });

  it('when a field number outside the spec appears, then the hand decoder rejects it', () => {
    const writer = new BinaryWriter();
    writer.tag(9, WireType.Varint).int32(1);
    expect(() => handDecode(ORGANIZATION_SESSION_POLICY_SETTINGS, writer.finish())).toThrow('field number 9');
  });

  it('when a spec field arrives with another wire type, then the hand decoder rejects it', () => {
    const writer = new BinaryWriter();
    writer.tag(2, WireType.Varint).int32(1440); // Int32Value must be length-delimited.
    expect(() => handDecode(ORGANIZATION_SESSION_POLICY_SETTINGS, writer.finish())).toThrow('wire type');
  });

  it.each(Object.keys(customAllSetWire))(
    'when %s is written under another field number, then the generated decoder no longer reads the same policy',
    (name) => {
      const field = ORGANIZATION_SESSION_POLICY_SETTINGS[name]!;
      const shifted: MessageSpec = { ...ORGANIZATION_SESSION_POLICY_SETTINGS, [name]: { ...field, no: field.no + 10 } };
      const decoded = OrganizationSessionPolicySettings.decode(handEncode(shifted, customAllSetWire));
      expect(decoded).not.toEqual(customAllSet);
    },
  );
});
