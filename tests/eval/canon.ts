import { canonicalize } from '../../utils/receipt/canonical';
import type { FieldKey } from '../../utils/receipt/types';

/** A value as scored (contract §1): canonical, the check code compared case-insensitively; null when unreadable. */
export function canon(field: FieldKey, v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const c = canonicalize(field, v).value;
  return c == null ? null : field === 'checkCode' ? c.toLowerCase() : c;
}
