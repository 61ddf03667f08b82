import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppDB } from '../db/db';
import { exportMappings, getTaught, importMappings, teach } from './mappings';

describe('taught mappings', () => {
  it('are stored per origin, replace the same field, and round-trip through a file', async () => {
    const db = new AppDB(`map-${Date.now()}`);
    await teach(db, 'http://127.0.0.1:5175', 'billNumber', 3);
    await teach(db, 'http://127.0.0.1:5175', 'billNumber', 4);
    await teach(db, 'https://example.org', 'checkCode', 2);
    expect(await getTaught(db, 'http://127.0.0.1:5175')).toEqual({ billNumber: 'pos:4' });
    const other = new AppDB(`map2-${Date.now()}`);
    expect(await importMappings(other, await exportMappings(db))).toBe(2);
    expect(await getTaught(other, 'https://example.org')).toEqual({ checkCode: 'pos:2' });
    await expect(importMappings(other, '{"format":"x"}')).rejects.toThrow('字段映射文件');
  });
});
