import { DownOutlined, FolderOpenOutlined } from '@ant-design/icons';
import type { CaseDetail } from '@fazhi/domain';
import { App, Button, Dropdown, Space } from 'antd';
import { useState } from 'react';
import { download, errorMessage } from '../../api.ts';

/**
 * 导出卷宗: the case file as a zip (目录 first, then 封面, 办理过程记录, every document and
 * attachment), or merged into one PDF when the server has LibreOffice. Anyone who can open
 * the case can export its file; the server records the export in the audit log.
 */
export function DossierButton({ c }: { c: CaseDetail }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'zip' | 'pdf' | null>(null);

  const run = async (format: 'zip' | 'pdf') => {
    setBusy(format);
    const hide = message.loading(format === 'pdf' ? '正在生成 PDF 卷宗……' : '正在打包卷宗……', 0);
    try {
      await download(
        `/api/cases/${encodeURIComponent(c.id)}/dossier`,
        { format },
        `${c.number}卷宗.${format === 'pdf' ? 'pdf' : 'zip'}`,
      );
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      hide();
      setBusy(null);
    }
  };

  return (
    <Space.Compact>
      <Button
        icon={<FolderOpenOutlined />}
        loading={busy === 'zip'}
        disabled={busy !== null}
        onClick={() => void run('zip')}
        data-testid="dossier-export"
        title="卷宗目录、封面、办理过程记录和全部文书、附件，打包为 zip"
      >
        导出卷宗
      </Button>
      <Dropdown
        trigger={['click']}
        disabled={busy !== null}
        menu={{
          items: [
            { key: 'zip', label: '打包下载（zip，含 .docx 文书和附件）' },
            { key: 'pdf', label: '合并为一个 PDF（封面、目录、办理过程、文书）' },
          ],
          onClick: ({ key }) => void run(key as 'zip' | 'pdf'),
        }}
      >
        <Button
          icon={<DownOutlined />}
          loading={busy === 'pdf'}
          aria-label="选择卷宗格式"
          data-testid="dossier-format"
        />
      </Dropdown>
    </Space.Compact>
  );
}
