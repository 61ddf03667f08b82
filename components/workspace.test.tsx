// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { buildReceipt } from '@/utils/receipt/validate';
import type { DeclarationRecord, ReceiptRecord } from '@/utils/db/db';
import { groupByDeclaration } from '@/utils/db/summary';
import { ReceiptList } from './ReceiptList';
import { ReceiptDetail } from './ReceiptDetail';

vi.mock('./fill/FillControls', () => ({ FillControls: () => null }));
vi.mock('./fill/SpotCheck', () => ({ SpotCheck: () => null }));
(globalThis as any).IS_REACT_ACT_ENVIRONMENT = true;

const pdf = (v: string) => [{ value: v, source: 'pdf-text' as const }];
const t0 = '2025-01-05T08:00:00.000Z';
function rec(id: string, over: Partial<ReceiptRecord> = {}, cands: Record<string, any> = {}): ReceiptRecord {
  return {
    id,
    declarationId: 'd1',
    fileName: `${id}.pdf`,
    mime: 'application/pdf',
    size: 1,
    contentHash: id,
    fields: buildReceipt({ billCode: pdf('11060124'), billNumber: pdf('0012345678'), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12'), totalAmount: pdf('285.60'), hospitalName: pdf('北京大学第一医院'), kind: pdf('门诊'), ...cands }, { today: '2024-12-01' }),
    corrections: [],
    status: 'draft',
    createdAt: t0,
    updatedAt: t0,
    ...over,
  };
}
const decl: DeclarationRecord = { id: 'd1', hospitalName: '北京大学第一医院', kind: 'outpatient', status: 'draft', createdAt: t0, updatedAt: t0 };

let root: Root | null = null;
let host: HTMLElement;
function mount(el: React.ReactNode) {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  act(() => root!.render(el));
}
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  root = null;
});

describe('receipt list', () => {
  it('exposes the stable test hooks and renders page text as text, never as HTML', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const list = [
      rec('a'),
      rec('b', {}, { checkCode: [{ value: '8f3a2c', source: 'ocr', confidence: 0.4 }] }),
      rec('c', { status: 'queued', fields: {}, fileName: evil, declarationId: undefined }),
      rec('d', { status: 'error', fields: {}, error: '文件已损坏，无法打开', declarationId: undefined }),
    ];
    const onSelect = vi.fn();
    mount(<ReceiptList groups={groupByDeclaration(list, [decl])} limit={100} selected={null} onSelect={onSelect} duplicates={new Set(['a'])} />);
    const items = [...host.querySelectorAll<HTMLElement>('[data-testid=receipt-item]')];
    expect(items.map((i) => [i.dataset.receiptId, i.dataset.state])).toEqual([
      ['d', 'error'],
      ['c', 'queued'],
      ['b', 'review'],
      ['a', 'ok'],
    ]);
    expect(items[1].dataset.fileName).toBe(evil);
    expect(host.querySelector('img')).toBeNull();
    expect(items[1].textContent).toContain('<img');
    expect(items[0].textContent).toContain('文件已损坏');
    expect(items[3].querySelector('.badge.dup')).not.toBeNull();
    expect(host.textContent).toContain('2 张 · 合计 ¥571.20');
    act(() => items[2].click());
    expect(onSelect).toHaveBeenCalledWith('b');
  });

  it('renders only the first `limit` rows', () => {
    const list = Array.from({ length: 30 }, (_, i) => rec(`r${i}`));
    mount(<ReceiptList groups={groupByDeclaration(list, [decl])} limit={12} selected={null} onSelect={() => {}} duplicates={new Set()} />);
    expect(host.querySelectorAll('[data-testid=receipt-item]')).toHaveLength(12);
  });
});

describe('receipt detail', () => {
  const doubtful = () =>
    rec('x', {}, { billNumber: [{ value: '0012845678', source: 'ocr', confidence: 0.7, charConfidences: [0.9, 0.9, 0.9, 0.9, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9] }] });

  it('marks doubtful fields and characters, shows the duplicate warning, and Enter saves the clerk value', async () => {
    const r = doubtful();
    const onCorrect = vi.fn(async () => true);
    mount(<ReceiptDetail receipt={r} batch={[{ code: 'batch.duplicate', message: '与另一张票据重复（票据代码+号码相同）', severity: 'error' }]} onCorrect={onCorrect} onDelete={() => {}} onFilled={() => {}} />);
    const input = host.querySelector<HTMLInputElement>('[data-testid=field-billNumber]')!;
    expect(input.dataset.status).toBe('review');
    expect(host.querySelector<HTMLInputElement>('[data-testid=field-billCode]')!.dataset.status).toBe('ok');
    expect(host.querySelector('[data-testid=duplicate-warning]')!.textContent).toContain('重复');
    const doubt = [...host.querySelectorAll('.doubt')].map((e) => e.textContent);
    expect(doubt).toEqual(['8']);
    await act(async () => {
      input.focus();
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(onCorrect).toHaveBeenCalledWith('billNumber', '0012845678');
  });

  it('Enter on an unchanged ok field only moves on, to the next field needing attention', async () => {
    const onCorrect = vi.fn(async () => true);
    mount(<ReceiptDetail receipt={rec('y')} batch={[]} onCorrect={onCorrect} onDelete={() => {}} onFilled={() => {}} />);
    const input = host.querySelector<HTMLInputElement>('[data-testid=field-billCode]')!;
    await act(async () => {
      input.focus();
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(onCorrect).not.toHaveBeenCalled();
    // 大写 was not on this receipt: the next field that is not ok
    expect(document.activeElement).toBe(host.querySelector('[data-testid=field-amountInWords]'));
  });

  it('a typed value is saved once on Enter (the blur that follows does not save it again), and comes back if saving fails', async () => {
    const onCorrect = vi.fn(async (..._a: any[]) => true);
    mount(<ReceiptDetail receipt={rec('z')} batch={[]} onCorrect={onCorrect} onDelete={() => {}} onFilled={() => {}} />);
    await act(() => new Promise((r) => setTimeout(r, 5))); // the detail focuses the first doubtful field
    const input = host.querySelector<HTMLInputElement>('[data-testid=field-payerName]')!;
    const type = async (el: HTMLInputElement, v: string) =>
      act(async () => {
        el.focus();
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
    await type(input, '王小明');
    await act(async () => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(onCorrect).toHaveBeenCalledTimes(1);
    expect(onCorrect).toHaveBeenCalledWith('payerName', '王小明');

    // storage full: the value stays in the field
    const failing = vi.fn(async (..._a: any[]) => false);
    act(() => root!.render(<ReceiptDetail receipt={rec('z')} batch={[]} onCorrect={failing} onDelete={() => {}} onFilled={() => {}} />));
    const again = host.querySelector<HTMLInputElement>('[data-testid=field-payerName]')!;
    await type(again, '李四');
    await act(async () => {
      again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(failing).toHaveBeenCalledTimes(1);
    expect(again.value).toBe('李四');

    // Enter on an empty field does not confirm it as empty
    const empty = host.querySelector<HTMLInputElement>('[data-testid=field-hospitalName]')!;
    await type(empty, '');
    await act(async () => {
      empty.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    // (leaving 交款人 retried its unsaved value; 收款单位 was never sent)
    expect(failing.mock.calls.map((c: any[]) => c[0])).toEqual(['payerName', 'payerName']);
  });
});
