import { useEffect, useState } from 'react';
import type { DeclarationRecord } from '@/utils/db/db';
import { kindLabel } from './ReceiptList';
import { t } from '@/utils/i18n';

/**
 * The declaration a receipt belongs to: move it to another batch (the clerk decides; the entry
 * rules say one hospital per batch, so batches of the same hospital and kind are listed first),
 * and the insured person of the batch. Every change is saved at once.
 */
export function DeclarationBar({
  current,
  declarations,
  stats,
  onMove,
  onUpdate,
  actions,
}: {
  current?: DeclarationRecord;
  declarations: DeclarationRecord[];
  stats?: string;
  onMove: (to: string) => void;
  onUpdate: (patch: Partial<Pick<DeclarationRecord, 'insuredName' | 'insuredType'>>) => void;
  actions?: React.ReactNode;
}) {
  const [name, setName] = useState(current?.insuredName ?? '');
  useEffect(() => setName(current?.insuredName ?? ''), [current?.id, current?.insuredName]);
  const sorted = [...declarations].sort(
    (a, b) =>
      Number(b.hospitalName === current?.hospitalName) - Number(a.hospitalName === current?.hospitalName) ||
      a.hospitalName.localeCompare(b.hospitalName, 'zh-CN'),
  );
  return (
    <div className="decl" data-testid="declaration-bar">
      <label className="decl-row">
        <span>{t('moveTo')}</span>
        <select data-testid="declaration-select" value={current?.id ?? ''} onChange={(e) => onMove(e.target.value)}>
          {!current && <option value="">{t('groupUnassigned')}</option>}
          {sorted.map((d) => (
            <option key={d.id} value={d.id}>
              {d.hospitalName} · {kindLabel(d.kind)}
              {d.insuredName ? ` · ${d.insuredName}` : ''}
            </option>
          ))}
          {current && <option value="new">{t('newDeclaration')}</option>}
        </select>
      </label>
      {current && (
        <div className="decl-row">
          <label>
            <span>{t('insuredName')}</span>
            <input
              data-testid="insured-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              onBlur={() => name !== (current.insuredName ?? '') && onUpdate({ insuredName: name.trim() || undefined })}
              onKeyDown={(e) => e.key === 'Enter' && (e.currentTarget as HTMLInputElement).blur()}
            />
          </label>
          <select
            aria-label={t('insuredType')}
            value={current.insuredType ?? ''}
            onChange={(e) => onUpdate({ insuredType: (e.target.value || undefined) as DeclarationRecord['insuredType'] })}
          >
            <option value="">{t('insuredType')}</option>
            <option value="职工">{t('insuredEmployee')}</option>
            <option value="居民">{t('insuredResident')}</option>
          </select>
        </div>
      )}
      {(stats || actions) && (
        <div className="decl-row small">
          <span className="muted">{stats}</span>
          <span className="decl-actions">{actions}</span>
        </div>
      )}
    </div>
  );
}
