/**
 * The one IndexedDB database (Dexie 4). Versioned schema; each upgrade is a function tested
 * against a stored fixture of the previous version (see migrations.test.ts).
 */
import Dexie, { type EntityTable } from 'dexie';
import type { ReceiptFields } from '../receipt/types';

export type ReceiptStatus = 'queued' | 'processing' | 'error' | 'draft' | 'reviewed' | 'filled' | 'submitted';

export interface Correction {
  field: string;
  from: string | null;
  to: string;
  at: string;
  by: 'clerk';
}

export interface ReceiptRecord {
  id: string;
  declarationId?: string;
  fileName: string;
  mime: string;
  size: number;
  contentHash: string;
  file?: Blob;
  pageImage?: Blob;
  pageImageSize?: { width: number; height: number };
  fields: ReceiptFields;
  corrections: Correction[];
  status: ReceiptStatus;
  error?: string;
  fileKind?: string;
  extractMs?: number;
  /** How many times reading was started (a file that keeps crashing the panel is given up after 3). */
  attempts?: number;
  createdAt: string;
  updatedAt: string;
  filledAt?: string;
}

export interface DeclarationRecord {
  id: string;
  insuredName?: string;
  insuredType?: '职工' | '居民';
  hospitalName: string;
  kind: 'outpatient' | 'inpatient' | 'unknown';
  status: 'draft' | 'ready' | 'filled' | 'submitted';
  createdAt: string;
  updatedAt: string;
}

export interface HistoryRecord {
  key: string; // billCode-billNumber
  receiptId: string;
  declarationId?: string;
  at: string;
}

export interface PortalMapping {
  origin: string;
  mappings: Array<{ selector: string; frameUrl?: string; field: string }>;
  updatedAt: string;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export const DB_NAME = 'receipt-clerk';

/** Version 1: the first shipped schema (no content hash). */
export const SCHEMA_V1 = {
  declarations: 'id, status, hospitalName, updatedAt',
  receipts: 'id, declarationId, status, updatedAt',
  history: 'key, receiptId',
  portalMappings: 'origin',
  settings: 'key',
};
/** Version 2: content hash (re-importing the same file) and a createdAt index for purge. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  receipts: 'id, declarationId, status, updatedAt, createdAt, contentHash',
};

/** v1 → v2: compute nothing heavy in the upgrade; mark old rows so the hash is filled lazily. */
export async function upgradeToV2(tx: any) {
  await tx
    .table('receipts')
    .toCollection()
    .modify((r: any) => {
      if (!r.contentHash) r.contentHash = `legacy:${r.id}`;
      if (!r.createdAt) r.createdAt = r.updatedAt ?? new Date(0).toISOString();
      if (!Array.isArray(r.corrections)) r.corrections = [];
      if (typeof r.size !== 'number') r.size = r.file?.size ?? 0;
    });
}

export class AppDB extends Dexie {
  declarations!: EntityTable<DeclarationRecord, 'id'>;
  receipts!: EntityTable<ReceiptRecord, 'id'>;
  history!: EntityTable<HistoryRecord, 'key'>;
  portalMappings!: EntityTable<PortalMapping, 'origin'>;
  settings!: EntityTable<SettingRecord, 'key'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  }
}

let instance: AppDB | null = null;
export function getDb(): AppDB {
  instance ??= new AppDB();
  return instance;
}
