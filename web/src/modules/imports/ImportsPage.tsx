/**
 * 批量导入 (admin, centre supervisor): pick the kind (findings, or historical tickets through a shipped
 * mapping) and a CSV/XLSX file, which is read in the browser and sent as base64 (at most 700 KB; larger
 * files through `jiesu import`). A dry run shows the row report first; the import itself is enabled once
 * a dry run of the same file passed, or after the user confirms a partial import. Below, the history of
 * import runs, each opening its report.
 */
import { Alert, Button, Card, Checkbox, Modal, Radio, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import { fileToBase64 } from '../../shared/files.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import ImportReport, { type ImportReportBody } from './ImportReport.tsx';
import ImportRuns from './ImportRuns.tsx';

type Kind = 'findings' | 'history';
type Mapping = NonNullable<paths['/api/imports']['post']['requestBody']['content']['application/json']['mapping']>;

const MAPPINGS: Mapping[] = ['us311', 'baltimore'];
/** The server's limit for files through the API (its 1 MB body limit, base64). */
const MAX_BYTES = 700 * 1024;

interface Picked {
  name: string;
  size: number;
  base64: string;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default function ImportsPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('findings');
  const [mapping, setMapping] = useState<Mapping>('us311');
  const [file, setFile] = useState<Picked | null>(null);
  const [tooLarge, setTooLarge] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReportBody | null>(null);
  /** What the last clean dry run was of (kind, mapping, content), so the import is enabled for that file only. */
  const [passed, setPassed] = useState<string | null>(null);
  const [allowPartial, setAllowPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ type: 'success' | 'warning'; text: string } | null>(null);
  const [runsKey, setRunsKey] = useState(0);

  const identity = file === null ? null : `${kind}|${kind === 'history' ? mapping : ''}|${file.base64}`;
  const canCommit = file !== null && !busy && (allowPartial || (identity !== null && passed === identity));

  const reset = () => {
    setReport(null);
    setNotice(null);
    setError(null);
    setAllowPartial(false);
  };

  const pick = async (f: File) => {
    reset();
    setPassed(null);
    if (f.size > MAX_BYTES) {
      setFile(null);
      setTooLarge(f.size);
      return;
    }
    setTooLarge(null);
    try {
      setFile({ name: f.name, size: f.size, base64: await fileToBase64(f) });
    } catch (e) {
      setFile(null);
      setError(t('imports.readFailed', { reason: errorMessage(e) }));
    }
  };

  const send = async (dryRun: boolean) => {
    if (file === null) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await must(
        api.POST('/api/imports', {
          body: {
            kind,
            ...(kind === 'history' ? { mapping } : {}),
            contentBase64: file.base64,
            // eslint-disable-next-line no-control-regex -- control characters are what a file name must not carry
            fileName: file.name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200) || 'file',
            dryRun,
            allowPartial: !dryRun && allowPartial,
          },
        }),
      );
      setReport(r);
      if (dryRun) {
        setPassed(r.rejected === 0 ? identity : null);
        setNotice(
          r.rejected === 0 ? { type: 'success', text: t('imports.dryRunPassed') } : { type: 'warning', text: t('imports.dryRunFailed', { n: r.rejected }) },
        );
      } else {
        setPassed(null);
        setAllowPartial(false);
        setNotice(
          r.committed
            ? { type: 'success', text: t('imports.done', { n: r.accepted, id: r.runId ?? '—' }) }
            : { type: 'warning', text: t('imports.notCommitted') },
        );
      }
      setRunsKey((k) => k + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const togglePartial = (checked: boolean) => {
    if (!checked) {
      setAllowPartial(false);
      return;
    }
    Modal.confirm({
      title: t('imports.allowPartialConfirm'),
      content: t('imports.allowPartialText'),
      okText: t('imports.allowPartial'),
      cancelText: t('common.cancel'),
      onOk: () => setAllowPartial(true),
    });
  };

  return (
    <div data-testid="imports-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('imports.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('imports.subtitle')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap align="center">
              <Typography.Text strong>{t('imports.kind')}</Typography.Text>
              <Radio.Group
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as Kind);
                  reset();
                }}
                data-testid="imports-kind"
              >
                {(['findings', 'history'] as const).map((k) => (
                  <Radio.Button key={k} value={k} data-testid={`imports-kind-${k}`}>
                    {t(`imports.kind.${k}` as MessageKey)}
                  </Radio.Button>
                ))}
              </Radio.Group>
              {kind === 'history' && (
                <>
                  <Typography.Text strong>{t('imports.mapping')}</Typography.Text>
                  <Select<Mapping>
                    value={mapping}
                    style={{ minWidth: 260 }}
                    onChange={(m) => {
                      setMapping(m);
                      reset();
                    }}
                    data-testid="imports-mapping"
                    options={MAPPINGS.map((m) => ({ value: m, label: t(`imports.mapping.${m}` as MessageKey) }))}
                  />
                </>
              )}
            </Space>
            <Space wrap align="center">
              <Typography.Text strong>{t('imports.file')}</Typography.Text>
              <Upload
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(f) => {
                  void pick(f);
                  return false;
                }}
              >
                <Button data-testid="imports-pick">{t('imports.pick')}</Button>
              </Upload>
              {file && (
                <Typography.Text data-testid="imports-file-info">{t('imports.fileInfo', { name: file.name, size: formatSize(file.size) })}</Typography.Text>
              )}
            </Space>
            {tooLarge !== null && (
              <Alert
                type="error"
                showIcon
                data-testid="imports-too-large"
                title={t('imports.tooLarge', { size: formatSize(tooLarge), kind, mapping: kind === 'history' ? ` --mapping mappings/${mapping}.json` : '' })}
              />
            )}
            <Space wrap align="center">
              <Button type="primary" ghost disabled={file === null || busy} loading={busy} onClick={() => void send(true)} data-testid="imports-dry-run">
                {t('imports.dryRun')}
              </Button>
              <Button type="primary" disabled={!canCommit} loading={busy} onClick={() => void send(false)} data-testid="imports-commit">
                {t('imports.commit')}
              </Button>
              <Checkbox
                checked={allowPartial}
                disabled={file === null || busy}
                onChange={(e) => togglePartial(e.target.checked)}
                data-testid="imports-allow-partial"
              >
                {t('imports.allowPartial')}
              </Checkbox>
            </Space>
            {file !== null && !canCommit && !busy && <Typography.Text type="secondary">{t('imports.commitHint')}</Typography.Text>}
            {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} data-testid="imports-error" />}
            {notice && <Alert type={notice.type} showIcon title={notice.text} data-testid="imports-notice" />}
          </Space>
        </Card>
        {report && (
          <Card size="small" title={t('imports.result')}>
            <ImportReport
              counts={report}
              rows={report.rows}
              outcome={report.dryRun ? 'dryRun' : report.committed ? 'committed' : 'rejected'}
              encoding={report.encoding}
              written={report.committed}
            />
          </Card>
        )}
        <Card
          size="small"
          title={t('imports.runs')}
          extra={
            <Button size="small" onClick={() => setRunsKey((k) => k + 1)}>
              {t('imports.runs.refresh')}
            </Button>
          }
        >
          <ImportRuns reloadKey={runsKey} />
        </Card>
      </Space>
    </div>
  );
}
