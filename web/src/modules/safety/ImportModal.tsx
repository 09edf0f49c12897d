import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { UnitImportResult } from '@fazhi/domain/api/safety-units';
import { Alert, App, Button, Checkbox, Modal, Progress, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, download, errorMessage, upload } from '../../api.ts';

/** A 422 carries the row errors as its body: shown like a result, not as a bare message. */
function resultFromError(e: unknown): UnitImportResult | null {
  if (!(e instanceof ApiError) || !Array.isArray(e.details?.errors)) return null;
  return {
    imported: typeof e.details.imported === 'number' ? e.details.imported : 0,
    failed: typeof e.details.failed === 'number' ? e.details.failed : 0,
    errors: e.details.errors as UnitImportResult['errors'],
  };
}

/** 批量导入: the template, the upload, and every wrong cell (also as a sheet to fix and upload again). */
export function ImportModal(props: { townId: string; onClose: () => void; onImported: () => void }) {
  const { message } = App.useApp();
  const [partial, setPartial] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [result, setResult] = useState<UnitImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const formOf = (f: File) => {
    const form = new FormData();
    form.append('file', f, f.name);
    return form;
  };
  const run = async (f: File) => {
    setFile(f);
    setResult(null);
    setProblem(null);
    setPercent(0);
    try {
      const r = await upload<UnitImportResult>('/api/safety/units/import', formOf(f), {
        query: { townId: props.townId, ...(partial ? { partial: 1 } : {}) },
        onProgress: setPercent,
      });
      setResult(r);
      if (r.imported > 0) {
        message.success(`已导入 ${r.imported} 个单位`);
        props.onImported();
      }
    } catch (e) {
      const r = resultFromError(e);
      if (r) setResult(r);
      else setProblem(errorMessage(e));
    } finally {
      setPercent(null);
    }
  };
  const safely = (p: Promise<void>) => p.catch((e) => message.error(errorMessage(e)));
  return (
    <Modal open title="批量导入生产经营单位" width={760} onCancel={props.onClose} footer={null}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              safely(
                download('/api/safety/units/import-template', { townId: props.townId }, '生产经营单位导入模板.xlsx'),
              )
            }
          >
            下载导入模板
          </Button>
          <Checkbox checked={partial} onChange={(e) => setPartial(e.target.checked)}>
            仅导入正确的行（不勾选时，有任何错误则全部不导入）
          </Checkbox>
        </Space>
        <Upload.Dragger
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(f) => {
            void run(f);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或拖入填好的 .xlsx 文件</p>
          <p style={{ color: '#888' }}>统一社会信用代码在文件内或本镇登记册中重复的行不会导入</p>
        </Upload.Dragger>
        {percent !== null && <Progress percent={percent} size="small" />}
        {problem && <Alert type="error" showIcon title={problem} />}
        {result && (
          <Alert
            type={result.failed > 0 ? (result.imported > 0 ? 'warning' : 'error') : 'success'}
            showIcon
            title={`已导入 ${result.imported} 个单位${result.failed > 0 ? `，${result.failed} 行有错误` : ''}`}
            action={
              result.failed > 0 && file ? (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    // Computed again from the file; without `partial` nothing of this request is saved.
                    safely(
                      download(
                        '/api/safety/units/import',
                        { townId: props.townId, report: 'xlsx' },
                        '生产经营单位导入错误报告.xlsx',
                        { method: 'POST', form: formOf(file) },
                      ),
                    )
                  }
                >
                  下载错误报告
                </Button>
              ) : undefined
            }
          />
        )}
        {result && result.errors.length > 0 && (
          <Table
            size="small"
            rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
            dataSource={result.errors}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 64 },
              { title: '列', dataIndex: 'column', width: 150 },
              { title: '错误说明', dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}
