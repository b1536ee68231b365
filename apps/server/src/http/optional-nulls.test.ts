import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { optionalNullStripper } from './optional-nulls';
import { Nullable, plaidBody } from './schema-kit';

const Body = plaidBody({
  id: Type.String(),
  note: Type.Optional(Type.String()),
  choice: Type.Optional(
    Type.Union([
      Type.Object({ kind: Type.Literal('a'), a: Type.Optional(Type.String()) }),
      Type.Object({ kind: Type.Literal('b'), a: Type.String(), b: Type.Optional(Type.String()) }),
    ]),
  ),
  rows: Type.Optional(Type.Array(Type.Object({ n: Type.Integer(), tag: Type.Optional(Type.String()) }))),
  byKey: Type.Optional(Type.Record(Type.String(), Type.Object({ v: Type.Optional(Type.Number()) }))),
  inner: Type.Optional(
    Nullable(Type.Object({ deep: Type.Optional(Type.Object({ x: Type.Optional(Type.Boolean()) })) })),
  ),
});

const strip = optionalNullStripper(Body)!;
const run = (value: unknown) => {
  const copy = structuredClone(value);
  strip(copy);
  return copy;
};

describe('optionalNullStripper', () => {
  it.each([
    ['an optional top-level field', { id: 'i', note: null, client_id: null }, { id: 'i' }],
    ['a required field stays for validation to refuse', { id: null }, { id: null }],
    [
      'objects inside an array',
      { id: 'i', rows: [{ n: 1, tag: null }, null] },
      { id: 'i', rows: [{ n: 1 }, null] },
    ],
    [
      'a record value object',
      { id: 'i', byKey: { k: { v: null }, m: null } },
      { id: 'i', byKey: { k: {}, m: null } },
    ],
    [
      'the object branch of value-or-null',
      { id: 'i', inner: { deep: { x: null } } },
      { id: 'i', inner: { deep: {} } },
    ],
    [
      'a union member that declares every key',
      { id: 'i', choice: { kind: 'b', a: 'x', b: null } },
      { id: 'i', choice: { kind: 'b', a: 'x' } },
    ],
    // `a` is optional in the first branch but required in the second, which alone declares `b`.
    [
      'a key another branch requires',
      { id: 'i', choice: { kind: 'b', a: null, b: 'y' } },
      { id: 'i', choice: { kind: 'b', a: null, b: 'y' } },
    ],
  ])('%s', (_name, body, want) => {
    expect(run(body)).toEqual(want);
  });

  it('leaves values that are not objects alone', () => {
    expect(run(null)).toBeNull();
    expect(run([1, null])).toEqual([1, null]);
  });
});
