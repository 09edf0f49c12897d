import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { download, errorMessage, type Query } from '../api.ts';

/**
 * 导出Excel and 打印 for a statistics page or a drill-down list: the workbook comes from the
 * server (the same figures as the page), printing uses the print stylesheet (global.css), which
 * hides the shell and these buttons.
 */
export function ExportPrint({ path, query, name }: { path: string; query: Query; name: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(path, query, name);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space className="fz-no-print" size={8}>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="stats-export">
        导出Excel
      </Button>
      <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="stats-print">
        打印
      </Button>
    </Space>
  );
}
