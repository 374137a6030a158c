/**
 * 花名册导入 (station or centre staff): a roster of volunteers and their teams (.xlsx or CSV, read in the
 * browser, sent as base64, at most 6 MB) for one of the user's stations. A dry run shows the row report
 * (row, column, reason); the import is enabled once a dry run of the same file and station was clean.
 * Nothing is written while any row has a problem; the same file twice changes nothing.
 */
import { Alert, Button, Card, Select, Space, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { fileToBase64 } from '../../shared/files.ts';
import { useReference } from '../../shared/reference.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { myStations, type RosterReport } from './common.ts';

const MAX_BYTES = 6 * 1024 * 1024;

export default function RosterImportPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const ref = useReference();
  const stations = useMemo(() => myStations(ref.units, me?.unitId ?? 0), [ref.units, me]);
  const [stationId, setStationId] = useState<number | undefined>();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<RosterReport | null>(null);
  const [passed, setPassed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const station = stationId ?? stations[0]?.id;
  const identity = file && station ? `${station}|${file.base64}` : null;

  const run = async (dryRun: boolean) => {
    if (!file || !station) return;
    setBusy(true);
    setError(null);
    try {
      const r = await must(api.POST('/api/volunteers/import', { body: { stationId: station, dryRun, fileName: file.name, fileBase64: file.base64 } }));
      setReport(r);
      setPassed(dryRun && r.rejected === 0 ? identity : null);
    } catch (e) {
      setReport(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="roster-import-page">
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('volunteer.import.columns')}</Typography.Text>
          <Space wrap>
            <Typography.Text>{t('volunteer.import.station')}</Typography.Text>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 280 }}
              value={station}
              onChange={(v) => {
                setStationId(v);
                setReport(null);
              }}
              options={stations.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="roster-station"
            />
          </Space>
          <Space wrap>
            <Upload
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                setReport(null);
                setError(null);
                if (f.size > MAX_BYTES) {
                  setFile(null);
                  setError(t('volunteer.import.tooLarge'));
                } else void fileToBase64(f).then((base64) => setFile({ name: f.name, base64 }));
                return false;
              }}
            >
              <Button data-testid="roster-pick">{t('volunteer.import.file')}</Button>
            </Upload>
            {file && <Typography.Text data-testid="roster-file">{file.name}</Typography.Text>}
          </Space>
          <Space wrap>
            <Button disabled={!file || !station} loading={busy} onClick={() => run(true)} data-testid="roster-dry-run">
              {t('volunteer.import.dryRun')}
            </Button>
            <Button type="primary" disabled={!identity || passed !== identity} loading={busy} onClick={() => run(false)} data-testid="roster-commit">
              {t('volunteer.import.commit')}
            </Button>
            {file && passed !== identity && <Typography.Text type="secondary">{t('volunteer.import.needDryRun')}</Typography.Text>}
          </Space>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} data-testid="roster-error" />}
      {report && <Report report={report} />}
    </Space>
  );
}

function Report({ report }: { report: RosterReport }) {
  const { t } = useI18n();
  const summary = t('volunteer.import.summary', {
    total: report.total,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected,
    teams: report.teamsCreated,
  });
  const verdict = report.committed ? t('volunteer.import.committed') : report.rejected > 0 ? t('volunteer.import.notCommitted') : t('volunteer.import.clean');
  return (
    <Card data-testid="roster-report">
      <Alert
        type={report.committed ? 'success' : report.rejected > 0 ? 'error' : 'info'}
        showIcon
        title={verdict}
        description={summary}
        style={{ marginBottom: 12 }}
        data-testid="roster-verdict"
      />
      {report.problems.length > 0 && (
        <Table
          rowKey={(r) => `${r.rowNumber}|${r.field}|${r.reason}`}
          size="small"
          dataSource={report.problems}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { title: t('volunteer.import.row'), dataIndex: 'rowNumber', width: 80 },
            { title: t('volunteer.import.field'), dataIndex: 'field', width: 120 },
            { title: t('volunteer.import.reason'), dataIndex: 'reason' },
          ]}
          data-testid="roster-problems"
        />
      )}
      {report.problemsOmitted > 0 && <Typography.Text type="secondary">{t('volunteer.import.omitted', { n: report.problemsOmitted })}</Typography.Text>}
    </Card>
  );
}
