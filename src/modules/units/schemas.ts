import { z } from 'zod';

export const IsoDay = z.iso.date();
export const UnitKindSchema = z.enum(['province', 'agency', 'district', 'commune']);
export const UnitCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,32}$/);

export const UnitOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: UnitKindSchema,
  parentId: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  note: z.string().nullable(),
  groupCodes: z.array(z.string()),
});

export const LineageLinkOut = z.object({
  unit: UnitOut,
  date: z.string(),
  kind: z.enum(['merge', 'split', 'rename']),
  partial: z.boolean(),
  note: z.string().nullable(),
});

export const UnitListQuery = z.strictObject({
  date: IsoDay.optional(),
  q: z.string().max(100).optional(),
  kind: UnitKindSchema.optional(),
  group: z.string().max(32).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

const NewUnitFields = {
  code: UnitCode,
  name: z.string().trim().min(1).max(200),
  kind: UnitKindSchema,
  parentId: z.uuid().nullable(),
  groupCodes: z.array(z.string().max(32)).max(10).default([]),
};

export const UnitCreateBody = z.strictObject({
  ...NewUnitFields,
  validFrom: IsoDay.nullable(),
  validTo: IsoDay.nullable().default(null),
  note: z.string().max(1000).nullable().optional(),
});

export const UnitPatchBody = z.strictObject({
  code: UnitCode.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  parentId: z.uuid().nullable().optional(),
  validFrom: IsoDay.nullable().optional(),
  validTo: IsoDay.nullable().optional(),
  groupCodes: z.array(z.string().max(32)).max(10).optional(),
  note: z.string().max(1000).nullable().optional(),
});

export const MergeBody = z.strictObject({
  predecessorIds: z.array(z.uuid()).min(1).max(50),
  date: IsoDay,
  successor: z.union([z.strictObject({ existingId: z.uuid() }), z.strictObject(NewUnitFields)]),
  note: z.string().max(1000).nullable().optional(),
});

export const SplitBody = z.strictObject({
  predecessorId: z.uuid(),
  date: IsoDay,
  successors: z
    .array(z.strictObject({ ...NewUnitFields, partial: z.boolean().optional() }))
    .min(1)
    .max(20),
  note: z.string().max(1000).nullable().optional(),
});
