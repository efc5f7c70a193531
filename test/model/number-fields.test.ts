import { describe, expect, it } from 'vitest';
import {
  changedFields,
  MANAGED_FIELDS,
  pickManaged,
  sameManagedFields,
  type ManagedFields,
} from '../../src/model/number-fields.ts';

/** Managed values that differ from the empty ones in every field. */
function someManagedFields(): ManagedFields {
  return {
    name: 'Support',
    detail: 'Front desk',
    callFlowId: '11111111-1111-4111-8111-111111111111',
    messageFlowId: '22222222-2222-4222-8222-222222222222',
    rtpDebug: true,
  };
}

/** The same values with one field set to something else of its kind. */
function withOtherValue(fields: ManagedFields, field: (typeof MANAGED_FIELDS)[number]): ManagedFields {
  const other: Record<string, unknown> = { ...fields };
  const value = fields[field];
  other[field] = typeof value === 'boolean' ? !value : `${value}-other`;
  return other as unknown as ManagedFields;
}

// pickManaged and sameManagedFields are written out field by field for speed: these tests derive
// from the field table, so a managed field added to it and not to them fails here.
describe('the written-out field helpers', () => {
  it('pickManaged keeps every managed field, in display order, and nothing else', () => {
    const picked = pickManaged({
      ...someManagedFields(),
      number: '+15551230001',
      t38Enabled: true,
    } as ManagedFields);
    expect(Object.keys(picked)).toEqual(MANAGED_FIELDS);
    expect(picked).toEqual(someManagedFields());
  });

  it.each(MANAGED_FIELDS)('sameManagedFields sees a change of %s alone', (field) => {
    const before = someManagedFields();
    const after = withOtherValue(before, field);
    expect(sameManagedFields(before, after)).toBe(false);
    expect(changedFields(before, after)).toEqual([field]);
  });

  it('sameManagedFields holds for equal values in different objects', () => {
    expect(sameManagedFields(someManagedFields(), someManagedFields())).toBe(true);
    expect(changedFields(someManagedFields(), someManagedFields())).toEqual([]);
  });
});
