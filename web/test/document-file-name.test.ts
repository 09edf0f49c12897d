/** A downloaded document is named by its 文号 or its case number, so two cases' files never collide (issue 13). */
import type { DocumentView } from '@fazhi/domain';
import { describe, expect, it } from 'vitest';
import { documentFileName } from '../src/modules/cases/CaseFiles.tsx';

const doc = (over: Partial<DocumentView>): DocumentView => ({
  id: '1',
  kind: 'session_record',
  title: '调解笔录',
  number: null,
  issuedAt: '2026-12-07T01:00:00.000Z',
  issuedByName: '陈静',
  size: 1,
  sha256: '0',
  voided: null,
  replacesId: null,
  replacedById: null,
  canVoid: false,
  canCorrect: false,
  ...over,
});

describe('documentFileName', () => {
  it('leads with the case number when the document has no 文号 of its own', () => {
    expect(documentFileName(doc({}), '湾调〔2026〕13号')).toBe('湾调〔2026〕13号-调解笔录.docx');
  });
  it('leads with the document’s 文号, and says 作废 on a voided one', () => {
    const d = doc({ title: '人民调解协议书', number: '湾调协〔2026〕3号' });
    expect(documentFileName(d, '湾调〔2026〕13号')).toBe('湾调协〔2026〕3号-人民调解协议书.docx');
    expect(documentFileName({ ...d, voided: { at: '', byName: '陈静', reason: '有误' } }, 'x')).toBe(
      '湾调协〔2026〕3号-人民调解协议书（作废）.docx',
    );
  });
});
