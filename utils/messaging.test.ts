import { describe, expect, it } from 'vitest';
import { schemas, InjectReply, PendingImage } from './messaging';

describe('message schemas', () => {
  it('accepts a well-formed inject request and refuses a malformed one', () => {
    expect(schemas.injectContentScript.safeParse({ tabId: 12 }).success).toBe(true);
    expect(schemas.injectContentScript.safeParse({ tabId: '12' }).success).toBe(false);
    expect(schemas.injectContentScript.safeParse({}).success).toBe(false);
  });
  it('fills defaults of replies', () => {
    expect(InjectReply.parse({ ok: true, frames: 2 }).frameIds).toEqual([]);
  });
  it('requires a source URL for pending images', () => {
    expect(PendingImage.safeParse({ at: 1 }).success).toBe(false);
  });
});
