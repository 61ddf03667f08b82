import type { DeclarationRecord, ReceiptRecord } from '@/utils/db/db';
import { checklist, CONDITIONAL_MATERIALS } from '@/utils/db/export';
import { fenToYuan, totalFen } from '@/utils/db/summary';
import { kindLabel } from './ReceiptList';
import { t } from '@/utils/i18n';

/** Printable list of the paper materials a declaration needs, with its receipts. */
export function Checklist({ declaration, receipts, onBack }: { declaration: DeclarationRecord; receipts: ReceiptRecord[]; onBack: () => void }) {
  const kind = kindLabel(declaration.kind);
  return (
    <div className="print-view" data-testid="checklist">
      <div className="no-print print-bar">
        <button onClick={onBack}>← {t('back')}</button>
        <button className="primary" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      <h2>{t('checklistTitle', { hospital: declaration.hospitalName, kind })}</h2>
      {(declaration.insuredName || declaration.insuredType) && (
        <p>
          {t('insuredName')}：{declaration.insuredName ?? '—'}　{t('insuredType')}：{declaration.insuredType ?? '—'}
        </p>
      )}
      <h3>{t('checklistAlways')}</h3>
      <ul className="checks">
        {checklist(declaration.kind).map((x) => (
          <li key={x}>☐ {x}</li>
        ))}
      </ul>
      <h3>{t('checklistConditional')}</h3>
      <ul className="checks">
        {CONDITIONAL_MATERIALS.map((x) => (
          <li key={x}>☐ {x}</li>
        ))}
      </ul>
      <h3>{t('checklistReceipts', { n: receipts.length, total: fenToYuan(totalFen(receipts)) })}</h3>
      <table className="print-table">
        <thead>
          <tr>
            <th>#</th>
            <th>票据代码</th>
            <th>票据号码</th>
            <th>开票日期</th>
            <th>金额</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((r, i) => (
            <tr key={r.id}>
              <td>{i + 1}</td>
              <td>{r.fields.billCode?.value ?? ''}</td>
              <td>{r.fields.billNumber?.value ?? ''}</td>
              <td>{r.fields.issueDate?.value ?? ''}</td>
              <td className="num">{r.fields.totalAmount?.value ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
