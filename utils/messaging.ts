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

/** Payload schemas by message type; `onParsed` validates with these. */
export const schemas = {
  ping: z.object({}).passthrough(),
  injectContentScript: InjectRequest,
} as const;

interface ProtocolMap {
  /** side panel → content script (per frame): is the content script there? */
  ping(data: Record<string, never>): PingReply;
  /** side panel → background: inject the content script into all frames of a tab. */
  injectContentScript(data: z.infer<typeof InjectRequest>): InjectReply;
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
