/** Per-portal field mappings the clerk taught, stored per origin; shareable as a file. */
import { z } from 'zod';
import type { AppDB } from '../db/db';
import { FILL_FIELDS, type FillField } from './match';

const MappingFile = z.object({
  format: z.literal('receipt-clerk-mappings'),
  portals: z.array(
    z.object({
      origin: z.string().regex(/^https?:\/\/[^/]+$/),
      mappings: z.array(z.object({ selector: z.string().regex(/^pos:\d+$/), frameUrl: z.string().optional(), field: z.enum(FILL_FIELDS as [FillField, ...FillField[]]) })),
      updatedAt: z.string(),
    }),
  ),
});

export async function getTaught(db: AppDB, origin: string): Promise<Partial<Record<FillField, string>>> {
  const m = await db.portalMappings.get(origin);
  const out: Partial<Record<FillField, string>> = {};
  for (const x of m?.mappings ?? []) out[x.field as FillField] = x.selector;
  return out;
}

export async function teach(db: AppDB, origin: string, field: FillField, pos: number, frameUrl?: string) {
  const cur = (await db.portalMappings.get(origin)) ?? { origin, mappings: [], updatedAt: '' };
  const mappings = [...cur.mappings.filter((m) => m.field !== field), { selector: `pos:${pos}`, frameUrl, field }];
  await db.portalMappings.put({ origin, mappings, updatedAt: new Date().toISOString() });
}

export async function forget(db: AppDB, origin: string) {
  await db.portalMappings.delete(origin);
}

export async function exportMappings(db: AppDB): Promise<string> {
  return JSON.stringify({ format: 'receipt-clerk-mappings', portals: await db.portalMappings.toArray() }, null, 1);
}

export async function importMappings(db: AppDB, text: string): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('字段映射文件无法读取：不是有效的 JSON');
  }
  const p = MappingFile.safeParse(raw);
  if (!p.success) throw new Error('这不是本工具导出的字段映射文件');
  await db.portalMappings.bulkPut(p.data.portals);
  return p.data.portals.length;
}
