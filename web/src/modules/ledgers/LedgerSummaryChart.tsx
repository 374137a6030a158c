/**
 * 日巡日报、周汇总、月总结 as a chart: new and closed items as bars, overdue and satisfied as lines, for
 * the last 14 days, 8 weeks or 6 months (one GET /api/ledgers/{id}/summary per period, Asia/Shanghai).
 */
import { Alert, Card, Segmented, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { EChart, type ChartOption } from '../../shared/EChart.tsx';
import { useI18n } from '../../shell/i18n.tsx';
import { periodDates, shanghaiDate, type LedgerSummary, type SummaryPeriod } from './common.ts';

const SPAN: Record<SummaryPeriod, number> = { day: 14, week: 8, month: 6 };

export default function LedgerSummaryChart({ ledgerId, reload }: { ledgerId: number; reload: number }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<SummaryPeriod>('day');
  const [rows, setRows] = useState<LedgerSummary[] | null>(null);
  /** The period `rows` belong to (for a moment after a switch, `period` is new and `rows` still old). */
  const [rowsPeriod, setRowsPeriod] = useState<SummaryPeriod | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setRows(null);
    const dates = periodDates(period, shanghaiDate(Date.now()), SPAN[period]);
    Promise.all(dates.map((date) => must(api.GET('/api/ledgers/{id}/summary', { params: { path: { id: ledgerId }, query: { period, date } } }))))
      .then((r) => {
        if (!live) return;
        setRows(r);
        setRowsPeriod(period);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [ledgerId, period, reload]);

  const option = useMemo<ChartOption>(() => {
    const data = rows ?? [];
    const label = (s: LedgerSummary) => {
      const d = shanghaiDate(s.from);
      if (period === 'month') return d.slice(0, 7);
      if (period === 'week') return t('ledger.summary.weekOf', { date: d.slice(5) });
      return d.slice(5);
    };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: data.map(label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('ledger.summary.created'), type: 'bar', data: data.map((s) => s.created), itemStyle: { color: '#1677ff' } },
        { name: t('ledger.summary.closed'), type: 'bar', data: data.map((s) => s.closed), itemStyle: { color: '#52c41a' } },
        { name: t('ledger.summary.overdue'), type: 'line', data: data.map((s) => s.overdue), itemStyle: { color: '#c41d1d' } },
        { name: t('ledger.summary.satisfied'), type: 'line', data: data.map((s) => s.satisfied), itemStyle: { color: '#faad14' } },
      ],
    } as ChartOption;
  }, [rows, period, t]);

  return (
    <Card
      size="small"
      title={t('ledger.summary.title')}
      data-testid="ledger-summary"
      data-period={rows === null ? undefined : (rowsPeriod ?? undefined)}
      extra={
        <Segmented<SummaryPeriod>
          value={period}
          onChange={setPeriod}
          options={(['day', 'week', 'month'] as const).map((p) => ({
            value: p,
            label: <span data-testid={`ledger-period-${p}`}>{t(`ledger.summary.${p}`)}</span>,
          }))}
        />
      }
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {rows === null && !error ? <Spin /> : null}
      {rows !== null ? <EChart option={option} height={280} testId="ledger-summary-chart" /> : null}
    </Card>
  );
}
