/**
 * The one typed message protocol between side panel, background and content script.
 * Every message payload is declared with zod and parsed on receipt (see `onParsed`).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from 'zod';

export const PingReply = z.object({ ok: z.literal(true), where: z.string(), url: z.string(), frame: z.enum(['top', 'child']) });
export type PingReply = z.infer<typeof PingReply>;

export const InjectRequest = z.object({ tabId: z.number().int() });
export const InjectReply = z.object({
  ok: z.boolean(),
  frames: z.number().int(),
  frameIds: z.array(z.number().int()).default([]),
  error: z.string().optional(),
});
export type InjectReply = z.input<typeof InjectReply>;

export const PendingImage = z.object({ srcUrl: z.string(), pageUrl: z.string().optional(), at: z.number() });
export type PendingImage = z.infer<typeof PendingImage>;

const FillFieldEnum = z.enum(['hospitalName', 'kind', 'billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount']);
export const FillValues = z.partialRecord(FillFieldEnum, z.string().max(200));
export const Taught = z.partialRecord(FillFieldEnum, z.string().regex(/^pos:\d+$/));
export const FillRowRequest = z.object({ values: FillValues, taught: Taught.optional() });
export const ReadRowRequest = z.object({ rowIndex: z.number().int().nullable().optional() });

export interface DetectReply {
  url: string;
  fields: number;
  matched: string[];
  rows: number;
  hasAddRow: boolean;
}
export interface FillReply {
  ok: boolean;
  results: Array<{ field: string; state: 'filled' | 'differs' | 'not-found' | 'ambiguous' | 'skipped'; expected: string; actual?: string; held?: string; reason?: string }>;
  addedRow: boolean;
  rowIndex: number | null;
  ms: number;
  message?: string;
}

/** Payload schemas by message type; `onParsed` validates with these. */
export const schemas = {
  ping: z.object({}).passthrough(),
  injectContentScript: InjectRequest,
  fillDetect: z.object({ taught: Taught.optional() }),
  teachPick: z.object({}).passthrough(),
  fillRow: FillRowRequest,
  fillUndo: z.object({}).passthrough(),
  readRow: ReadRowRequest.extend({ taught: Taught.optional() }),
  readRows: z.object({ taught: Taught.optional() }),
} as const;

/** One receipt row as the page holds it now (spot check). */
export interface PageRow {
  row: number | null;
  values: Partial<Record<z.infer<typeof FillFieldEnum>, string>>;
}

interface ProtocolMap {
  /** side panel → content script (per frame): is the content script there? */
  ping(data: Record<string, never>): PingReply;
  /** side panel → background: inject the content script into all frames of a tab. */
  injectContentScript(data: z.infer<typeof InjectRequest>): InjectReply;
  /** side panel → content script (per frame): how well does this frame match a declaration row? */
  fillDetect(data: { taught?: z.infer<typeof Taught> }): DetectReply;
  /** side panel → content script (every frame): the clerk clicks the page field being taught. */
  teachPick(data: Record<string, never>): { pos: number; labels: string[]; url: string } | null;
  /** side panel → content script (one frame): fill one row, read it back. Never submits. */
  fillRow(data: z.infer<typeof FillRowRequest>): FillReply;
  fillUndo(data: Record<string, never>): { ok: boolean; message?: string };
  readRow(data: z.infer<typeof ReadRowRequest> & { taught?: z.infer<typeof Taught> }): Record<string, string>;
  /** side panel → content script (one frame): every receipt row the page holds now. */
  readRows(data: { taught?: z.infer<typeof Taught> }): PageRow[];
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** Register a handler whose payload is parsed with the type's zod schema first. */
export function onParsed<K extends keyof typeof schemas & keyof ProtocolMap>(
  type: K,
  handler: (data: z.infer<(typeof schemas)[K]>, sender: { tab?: { id?: number }; frameId?: number }) => ReturnType<ProtocolMap[K]> | Promise<ReturnType<ProtocolMap[K]>>,
) {
  return onMessage(type, (msg: any) => {
    const parsed = schemas[type].safeParse(msg.data ?? {});
    if (!parsed.success) throw new Error(`消息格式错误 (${String(type)}): ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return handler(parsed.data as any, msg.sender ?? {}) as any;
  });
}
