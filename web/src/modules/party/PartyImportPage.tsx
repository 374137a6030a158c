/**
 * 党组织导入 (party workers): organisations or members from an .xlsx or CSV file; a dry run first shows the
 * row report (row, column, code, reason), then the import writes all rows or none. The same file twice
 * changes nothing.
 */
import { Alert, Button, Card, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { fileToBase64 } from '../../shared/files.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Report = ApiJson<'/api/party/import', 'post'>;

export default function PartyImportPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<'organisations' | 'members'>('organisations');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (file === null) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await must(api.POST('/api/party/import', { body: { kind, dryRun, fileName: file.name, fileBase64: file.base64 } })));
    } catch (e) {
      setError(errorMessage(e));
      setReport(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="party-import-page">
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('party.importHelp')}</Typography.Paragraph>
          <Space wrap>
            {t('party.importKind')}
            <Radio.Group
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                setReport(null);
              }}
              options={(['organisations', 'members'] as const).map((k) => ({ value: k, label: t(`party.importKind.${k}`) }))}
            />
            <Upload
              accept=".xlsx,.csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                setReport(null);
                void fileToBase64(f).then((base64) => setFile({ name: f.name, base64 }));
                return false;
              }}
            >
              <Button data-testid="party-import-file">{file?.name ?? t('party.importFile')}</Button>
            </Upload>
            <Button disabled={file === null} loading={busy} onClick={() => void run(true)} data-testid="party-import-dry">
              {t('party.dryRun')}
            </Button>
            <Button type="primary" disabled={file === null} loading={busy} onClick={() => void run(false)} data-testid="party-import-run">
              {t('party.importRun')}
            </Button>
          </Space>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <Card size="small" data-testid="party-import-report">
          <Alert
            type={report.rejected > 0 ? 'warning' : 'success'}
            showIcon
            title={t('party.importSummary', {
              total: report.total,
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
              rejected: report.rejected,
            })}
            description={report.committed ? t('party.importCommitted') : t('party.importNotCommitted')}
          />
          {report.problems.length > 0 && (
            <Table
              size="small"
              rowKey={(p) => `${p.rowNumber}:${p.column}:${p.code}`}
              dataSource={report.problems}
              pagination={{ pageSize: 50 }}
              columns={[
                { title: t('party.row'), dataIndex: 'rowNumber', width: 70 },
                { title: t('party.column'), dataIndex: 'column', width: 120 },
                { title: t('party.problemCode'), dataIndex: 'code', width: 160 },
                { title: t('party.reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
