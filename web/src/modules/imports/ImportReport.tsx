/**
 * One import's row report: the counts as statistic cards and the rows with their status and reason
 * codes (translated where docs/IMPORT.md lists them; the code stays visible beside the text).
 */
import { Alert, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import type { paths } from '../../api-types';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';

export type ImportReportBody = paths['/api/imports']['post']['responses'][200]['content']['application/json'];
export type RowReport = ImportReportBody['rows'][number];

const STATUS_COLOURS: Record<RowReport['status'], string> = { accepted: 'green', rejected: 'red', duplicate: 'orange' };

/** The translated text of a reason code, or null when the catalogue has none. */
function useReasonText(): (code: string) => string | null {
  const { t } = useI18n();
  return (code) => {
    const key = `imports.reason.${code}` as MessageKey;
    const text = t(key);
    if (text !== key) return text;
    const family = /^(INTAKE|WORKFLOW)\./.exec(code)?.[1];
    return family ? t(`imports.reason.${family}` as MessageKey) : null;
  };
}

export function ReasonTags({ reasons, warning }: { reasons: string[]; warning: boolean }) {
  const text = useReasonText();
  return (
    <Space size={[4, 4]} wrap>
      {reasons.map((code) => {
        const label = text(code);
        return (
          <Tag key={code} color={warning ? 'gold' : 'red'} data-testid="imports-reason" data-code={code}>
            {label === null ? code : `${label} · ${code}`}
          </Tag>
        );
      })}
    </Space>
  );
}

export interface ReportViewProps {
  counts: { total: number; accepted: number; rejected: number; duplicates: number };
  rows: RowReport[];
  /** How the import ended: dry run, written, or not written. */
  outcome: 'dryRun' | 'committed' | 'rejected' | null;
  encoding?: string | null;
  /** Rows left out of a stored report (over the cap). */
  omitted?: number;
  /** Whether the rows were written: ticket numbers of a dry run or a rolled-back file are not shown. */
  written: boolean;
}

export default function ImportReport({ counts, rows, outcome, encoding, omitted = 0, written }: ReportViewProps) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="imports-report">
      {outcome && (
        <Typography.Text strong data-testid="imports-report-outcome" data-outcome={outcome}>
          {t(`imports.result.${outcome}` as MessageKey)}
          {encoding ? <Typography.Text type="secondary"> · {t('imports.encoding', { encoding })}</Typography.Text> : null}
        </Typography.Text>
      )}
      <Row gutter={12}>
        {(
          [
            ['total', counts.total, undefined],
            ['accepted', counts.accepted, '#389e0d'],
            ['rejected', counts.rejected, counts.rejected > 0 ? '#cf1322' : undefined],
            ['duplicates', counts.duplicates, counts.duplicates > 0 ? '#d46b08' : undefined],
          ] as const
        ).map(([k, v, colour]) => (
          <Col key={k} xs={12} md={6}>
            <Card size="small" data-testid={`imports-count-${k}`} data-value={v}>
              <Statistic title={t(`imports.${k}` as MessageKey)} value={v} styles={{ content: colour ? { color: colour } : undefined }} />
            </Card>
          </Col>
        ))}
      </Row>
      {omitted > 0 && <Alert type="info" showIcon title={t('imports.omitted', { kept: rows.length, n: omitted })} />}
      <Table<RowReport>
        size="small"
        rowKey="rowNumber"
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid="imports-rows"
        onRow={(r) => ({ 'data-testid': `imports-row-${r.rowNumber}`, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('imports.row'), dataIndex: 'rowNumber', width: 80 },
          { title: t('imports.sourceId'), dataIndex: 'sourceId', render: (v: string | null) => v ?? '—' },
          {
            title: t('imports.rowStatus'),
            dataIndex: 'status',
            width: 90,
            render: (s: RowReport['status']) => <Tag color={STATUS_COLOURS[s]}>{t(`imports.status.${s}` as MessageKey)}</Tag>,
          },
          { title: t('imports.reasons'), render: (_, r) => <ReasonTags reasons={r.reasons} warning={r.status === 'accepted'} /> },
          ...(written ? [{ title: t('imports.ticket'), dataIndex: 'ticketNumber', render: (v?: string) => v ?? '' }] : []),
        ]}
      />
    </Space>
  );
}
