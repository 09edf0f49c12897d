import { DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ImportResult } from '@fazhi/domain';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Progress,
  Result,
  Row,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, download, errorMessage, upload } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { CASES_KEY, useCaseTypes } from './casesApi.ts';

const MAX_BYTES = 20 * 1024 * 1024;

type ImportError = ImportResult['errors'][number];

/** A 4xx whose details carry the row errors is shown like a result, not as a bare message. */
function resultFromError(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError)) return null;
  const errors = e.details?.errors;
  if (!Array.isArray(errors)) return null;
  return {
    imported: typeof e.details?.imported === 'number' ? e.details.imported : 0,
    failed: typeof e.details?.failed === 'number' ? e.details.failed : errors.length,
    errors: errors as ImportError[],
  };
}

/** 批量导入: fill the type's template, upload it, and see every wrong cell before anything is saved. */
export function CaseImportPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const types = useCaseTypes();
  const creatable = (types.data ?? []).filter((t) => t.canCreate);
  const [typeKey, setTypeKey] = useState<string | undefined>();
  const [partial, setPartial] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [result, setResult] = useState<{ result: ImportResult; partial: boolean } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'template' | 'report' | null>(null);

  const type = creatable.find((t) => t.key === typeKey) ?? (creatable.length === 1 ? creatable[0] : undefined);

  const formOf = (f: File) => {
    const form = new FormData();
    form.append('file', f, f.name);
    return form;
  };

  const runImport = async (f: File, asPartial: boolean) => {
    if (!type) return;
    setFile(f);
    setResult(null);
    setProblem(null);
    setPercent(0);
    try {
      const r = await upload<ImportResult>('/api/cases/import', formOf(f), {
        query: { type: type.key, partial: asPartial ? 1 : 0 },
        onProgress: setPercent,
      });
      setResult({ result: r, partial: asPartial });
      if (r.imported > 0) {
        void qc.invalidateQueries({ queryKey: [CASES_KEY] });
        void message.success(`已导入 ${r.imported} 件`);
      }
    } catch (e) {
      const r = resultFromError(e);
      if (r) setResult({ result: r, partial: asPartial });
      else setProblem(errorMessage(e));
    } finally {
      setPercent(null);
    }
  };

  const getTemplate = async () => {
    if (!type) return;
    setBusy('template');
    try {
      await download('/api/cases/import-template', { type: type.key }, `${type.label}导入模板.xlsx`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const getReport = async () => {
    if (!type || !file) return;
    setBusy('report');
    try {
      // The report is computed from the file again (nothing of a failed import is kept on the server).
      // partial=0 whatever the last run was: with errors in the file, that guarantees this request saves nothing.
      await download(
        '/api/cases/import',
        { type: type.key, partial: 0, report: 'xlsx' },
        `${type.label}导入错误报告.xlsx`,
        { method: 'POST', form: formOf(file) },
      );
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (types.error && !types.data) return <ErrorResult error={types.error} onRetry={() => void types.refetch()} />;

  const r = result?.result;
  const errorRows = r?.errors.length ?? 0;

  return (
    <div>
      <h1 className="fz-page-title">批量导入</h1>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title="第一步：选择类型并下载模板">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Select
                aria-label="案件类型"
                style={{ width: '100%' }}
                placeholder="选择案件类型"
                loading={types.isPending}
                value={type?.key}
                onChange={(v: string) => {
                  setTypeKey(v);
                  setResult(null);
                  setProblem(null);
                  setFile(null);
                }}
                options={creatable.map((t) => ({ value: t.key, label: t.label }))}
                notFoundContent="没有可导入的案件类型"
                data-testid="import-type"
              />
              <Button
                icon={<DownloadOutlined />}
                disabled={!type}
                loading={busy === 'template'}
                onClick={() => void getTemplate()}
                data-testid="import-template"
              >
                下载模板
              </Button>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                按模板表头填写，每行一件。日期写作 2026-03-02 的形式；选项栏请从下拉列表中选择。
              </Typography.Paragraph>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title="第二步：上传填好的表格">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Checkbox checked={partial} onChange={(e) => setPartial(e.target.checked)} data-testid="import-partial">
                仅导入正确的行
              </Checkbox>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                {partial
                  ? '有错误的行将被跳过，其余行照常导入。'
                  : '只要有一行有错误，整个文件都不会导入；请改正后重新上传。'}
              </Typography.Paragraph>
              <div data-testid="import-upload">
                <Upload.Dragger
                  accept=".xlsx"
                  multiple={false}
                  showUploadList={false}
                  disabled={!type || percent !== null}
                  beforeUpload={(f) => {
                    if (!f.name.toLowerCase().endsWith('.xlsx')) {
                      void message.error('请上传 .xlsx 格式的 Excel 文件');
                      return Upload.LIST_IGNORE;
                    }
                    if (f.size > MAX_BYTES) {
                      void message.error('文件超过 20 MB');
                      return Upload.LIST_IGNORE;
                    }
                    void runImport(f, partial);
                    // The request is ours (with progress and the type in the query), not Upload's.
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{type ? '点击或拖入 .xlsx 文件' : '请先选择案件类型'}</p>
                  <p className="ant-upload-hint">不超过 20 MB</p>
                </Upload.Dragger>
              </div>
              {percent !== null && <Progress percent={percent} size="small" status="active" />}
            </Space>
          </Card>
        </Col>
        {(r || problem) && (
          <Col span={24}>
            <Card size="small" title="导入结果" data-testid="import-result">
              {problem && <Alert type="error" showIcon title={problem} />}
              {r && errorRows === 0 && (
                <Result
                  status="success"
                  title={`已导入 ${r.imported} 件${type ? type.label : '案件'}`}
                  extra={
                    <Link to={type ? `/cases?type=${encodeURIComponent(type.key)}` : '/cases'}>
                      <Button type="primary">查看案件</Button>
                    </Link>
                  }
                />
              )}
              {r && errorRows > 0 && (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Alert
                    type={r.imported > 0 ? 'warning' : 'error'}
                    showIcon
                    title={
                      r.imported > 0
                        ? `已导入 ${r.imported} 件；${r.failed} 行有错误，未导入`
                        : `${r.failed} 行有错误，${result?.partial ? '没有可导入的行' : '本次未导入任何数据'}`
                    }
                    description={
                      result?.partial ? undefined : '可改正后重新上传，或点击“仅导入其中正确的行”跳过有错误的行。'
                    }
                  />
                  <Space wrap>
                    <Button
                      icon={<DownloadOutlined />}
                      loading={busy === 'report'}
                      onClick={() => void getReport()}
                      data-testid="import-report"
                    >
                      下载错误报告
                    </Button>
                    {!result?.partial && file && (
                      <Button
                        icon={<ReloadOutlined />}
                        disabled={percent !== null}
                        onClick={() => {
                          setPartial(true);
                          void runImport(file, true);
                        }}
                        data-testid="import-retry-partial"
                      >
                        仅导入其中正确的行
                      </Button>
                    )}
                  </Space>
                  <Table<ImportError & { i: number }>
                    rowKey="i"
                    size="small"
                    pagination={r.errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                    dataSource={r.errors.map((e, i) => ({ ...e, i }))}
                    tableLayout="fixed"
                    scroll={{ x: 560 }}
                    columns={[
                      { title: '行', dataIndex: 'row', width: 70 },
                      { title: '列', dataIndex: 'column', width: 140, ellipsis: true },
                      { title: '错误说明', dataIndex: 'message' },
                    ]}
                    data-testid="import-errors"
                  />
                </Space>
              )}
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
