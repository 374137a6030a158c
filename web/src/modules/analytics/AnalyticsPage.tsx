/**
 * Analytics (数据分析): monthly request volume and the three rates for the district and a chosen unit,
 * the category distribution with a drill into the second level, volume and rates per street/town of
 * the district, and a map of Beijing's 16 districts coloured by request volume (a deployment serves one
 * district, so the others show 0). Charts are ECharts 6 through the small `EChart` wrapper.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Row, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import { EChart, registerMap, type ChartClick, type ChartOption } from '../../shared/EChart.tsx';
import { pct, pctValue, unitTypeKey } from '../../shared/format.ts';
import { fetchUnits, type Unit } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

type Volume = paths['/api/analytics/volume']['get']['responses'][200]['content']['application/json'];
type Rates = paths['/api/analytics/rates']['get']['responses'][200]['content']['application/json'];
type VolumeItem = Volume['items'][number];

const RANKED = new Set(['district', 'street', 'department', 'enterprise']);
const RATE_KEYS = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;
const RATE_COLOURS = ['#1677ff', '#c41d1d', '#52c41a'];
const CENTRAL_DISTRICTS = new Set(['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '石景山区']);

function ChartCard({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card title={title} extra={extra} size="small" data-testid={testId}>
      {children}
    </Card>
  );
}

/** The Beijing map: boundaries loaded (and registered) on first use. */
function BeijingMap({ volume }: { volume: Volume | null }) {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void import('../../assets/beijing-map.json').then((m) => {
      const json = m.default as { features: { properties: { name: string } }[] };
      registerMap('beijing', json);
      if (live) {
        setNames(json.features.map((f) => f.properties.name));
        setReady(true);
      }
    });
    return () => {
      live = false;
    };
  }, []);
  const option = useMemo<ChartOption>(() => {
    const total = volume?.district.total ?? 0;
    const here = volume?.district.name;
    return {
      tooltip: { trigger: 'item', formatter: (p: unknown) => `${(p as { name: string }).name}: ${(p as { value?: number }).value ?? 0}` },
      visualMap: {
        min: 0,
        max: Math.max(total, 10),
        left: 8,
        bottom: 8,
        text: [t('centre.analytics.high'), t('centre.analytics.low')],
        calculable: true,
        inRange: { color: ['#fff1f0', '#ff7875', '#a8071a'] },
      },
      series: [
        {
          type: 'map',
          map: 'beijing',
          roam: false,
          label: { show: true, fontSize: 10 },
          emphasis: { label: { show: true } },
          // The six central districts are too small for labels at this size: named on hover, or when they have data.
          data: names.map((name) => {
            const value = name === here ? total : 0;
            return { name, value, label: { show: value > 0 || !CENTRAL_DISTRICTS.has(name), fontWeight: value > 0 ? ('bold' as const) : ('normal' as const) } };
          }),
        },
      ],
    };
  }, [volume, names, t]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {ready ? <EChart option={option} height={420} testId="chart-map" /> : <Spin />}
      <Typography.Text type="secondary" data-testid="map-credit">
        {t('centre.analytics.mapCredit')}
      </Typography.Text>
    </Space>
  );
}

export default function AnalyticsPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month').subtract(11, 'month'), dayjs().startOf('month')]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [topCategory, setTopCategory] = useState<VolumeItem | null>(null);
  const [unitsError, setUnitsError] = useState<string | null>(null);
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const label = useCallback((i: { name: string; nameEn: string }) => (lang === 'en' && i.nameEn ? i.nameEn : i.name), [lang]);

  useEffect(() => {
    fetchUnits()
      .then((u) => {
        const ranked = u.filter((x) => RANKED.has(x.unitType));
        setUnits(ranked);
        // A unit leader compares their own unit with the district.
        if (me !== null && ranked.some((x) => x.id === me.unitId)) setUnitId((cur) => cur ?? me.unitId);
      })
      .catch((e: unknown) => setUnitsError(errorMessage(e)));
  }, [me]);

  const district = useLoad(async () => {
    const volume = (groupBy: 'month' | 'category' | 'street') => must(api.GET('/api/analytics/volume', { params: { query: { from, to, groupBy } } }));
    const [byMonth, byCategory, byStreet, rates] = await Promise.all([
      volume('month'),
      volume('category'),
      volume('street'),
      must(api.GET('/api/analytics/rates', { params: { query: { from, to } } })),
    ]);
    return { byMonth, byCategory, byStreet, rates };
  }, [from, to]);
  const { loading } = district;
  const byMonth = district.data?.byMonth ?? null;
  const byCategory = district.data?.byCategory ?? null;
  const byStreet = district.data?.byStreet ?? null;
  const districtRates = district.data?.rates ?? null;
  // New figures start at the top level of the categories.
  useEffect(() => setTopCategory(null), [district.data]);

  const unit = useLoad((): Promise<Rates> => must(api.GET('/api/analytics/rates', { params: { query: { from, to, unitId: unitId! } } })), [from, to, unitId], {
    skip: unitId === null,
  });
  const unitRates = unit.data ?? null;
  // A load of the district's figures hides the last error until it is over.
  const error = (loading ? null : district.error) ?? unit.error ?? unitsError;

  const volumeOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: byMonth?.items.map((i) => i.name) ?? [] },
      yAxis: { type: 'value', name: t('centre.analytics.requests'), minInterval: 1 },
      series: [{ type: 'bar', name: t('centre.analytics.requests'), data: byMonth?.items.map((i) => i.count) ?? [], itemStyle: { color: '#c41d1d' } }],
    }),
    [byMonth, t],
  );

  const ratesOption = useMemo<ChartOption>(() => {
    const months = districtRates?.items.map((i) => i.month) ?? [];
    const names = [t('centre.rates.response'), t('centre.rates.resolution'), t('centre.rates.satisfaction')];
    const district = t('centre.analytics.district');
    const unitName = unitRates?.unit ? label(unitRates.unit) : '';
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        ...RATE_KEYS.map((k, i) => ({
          type: 'line' as const,
          name: `${district} · ${names[i]}`,
          data: districtRates?.items.map((x) => pctValue(x[k])) ?? [],
          connectNulls: false,
          itemStyle: { color: RATE_COLOURS[i] },
        })),
        ...(unitRates
          ? RATE_KEYS.map((k, i) => ({
              type: 'line' as const,
              name: `${unitName} · ${names[i]}`,
              data: unitRates.items.map((x) => pctValue(x[k])),
              lineStyle: { type: 'dashed' as const },
              itemStyle: { color: RATE_COLOURS[i] },
            }))
          : []),
      ],
    };
  }, [districtRates, unitRates, t, label]);

  const categoryItems = useMemo(() => {
    const items = byCategory?.items ?? [];
    return topCategory === null ? items.filter((i) => i.level === 1) : items.filter((i) => i.level === 2 && i.parentKey === topCategory.key);
  }, [byCategory, topCategory]);

  const categoryOption = useMemo<ChartOption>(() => {
    const name = (i: VolumeItem) => (i.key === null ? t('centre.analytics.uncategorised') : label(i));
    if (topCategory === null)
      return {
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { type: 'scroll', orient: 'vertical', right: 0, top: 16, bottom: 16 },
        series: [
          {
            type: 'pie',
            radius: ['35%', '70%'],
            center: ['40%', '50%'],
            data: categoryItems.map((i) => ({ name: name(i), value: i.count, key: i.key })),
            label: { formatter: '{b}\n{d}%' },
          },
        ],
      };
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 160, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: categoryItems.map(name) },
      series: [{ type: 'bar', name: t('centre.analytics.requests'), data: categoryItems.map((i) => i.count), itemStyle: { color: '#d4380d' } }],
    };
  }, [categoryItems, topCategory, t, label]);

  const onCategoryClick = useCallback(
    (e: ChartClick) => {
      if (topCategory !== null) return;
      const item = categoryItems[e.dataIndex];
      if (item && item.key !== null && (byCategory?.items ?? []).some((i) => i.parentKey === item.key)) setTopCategory(item);
    },
    [categoryItems, topCategory, byCategory],
  );

  const streetOption = useMemo<ChartOption>(() => {
    const items = byStreet?.items ?? [];
    const names = [t('centre.rates.response'), t('centre.rates.resolution'), t('centre.rates.satisfaction')];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 40, bottom: 72 },
      xAxis: { type: 'category', data: items.map((i) => (i.key === null ? t('centre.analytics.noPlace') : i.name)), axisLabel: { rotate: 35, interval: 0 } },
      yAxis: [
        { type: 'value', name: t('centre.analytics.requests'), minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: t('centre.analytics.requests'), data: items.map((i) => i.count), itemStyle: { color: '#c41d1d' } },
        ...RATE_KEYS.map((k, idx) => ({
          type: 'line' as const,
          name: names[idx],
          yAxisIndex: 1,
          data: items.map((i) => pctValue(i.rates?.[k])),
          itemStyle: { color: RATE_COLOURS[idx] },
          tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
        })),
      ],
    };
  }, [byStreet, t]);

  const latest = districtRates?.items.at(-1);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('centre.analytics.title')}
        </Typography.Title>
        <Space wrap>
          <Typography.Text>{t('centre.analytics.period')}</Typography.Text>
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={range}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0].startOf('month'), v[1].startOf('month')])}
            data-testid="analytics-range"
          />
        </Space>
      </Space>
      {error && <Alert type="error" showIcon message={t('common.error')} description={error} />}
      <Spin spinning={loading}>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <ChartCard
              title={t('centre.analytics.volumeTrend')}
              testId="card-volume"
              extra={<Typography.Text type="secondary">{t('centre.analytics.total', { n: byMonth?.district.total ?? 0 })}</Typography.Text>}
            >
              <EChart option={volumeOption} testId="chart-volume" />
            </ChartCard>
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard
              title={t('centre.analytics.ratesTrend')}
              testId="card-rates"
              extra={
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 220 }}
                  placeholder={t('centre.analytics.compareUnit')}
                  value={unitId ?? undefined}
                  onChange={(v) => setUnitId(v ?? null)}
                  options={units.map((u) => ({ value: u.id, label: `${label(u)}（${t(unitTypeKey(u.unitType))}）` }))}
                  data-testid="analytics-unit"
                />
              }
            >
              <EChart option={ratesOption} testId="chart-rates" />
              {latest && (
                <Typography.Text type="secondary">
                  {t('centre.analytics.latestRates', {
                    month: latest.month,
                    response: pct(latest.responseRate),
                    resolution: pct(latest.resolutionRate),
                    satisfaction: pct(latest.satisfactionRate),
                  })}
                </Typography.Text>
              )}
            </ChartCard>
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard
              title={topCategory === null ? t('centre.analytics.categories') : t('centre.analytics.subcategories', { name: label(topCategory) })}
              testId="card-categories"
              extra={
                topCategory === null ? (
                  <Typography.Text type="secondary">{t('centre.analytics.drillHint')}</Typography.Text>
                ) : (
                  <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => setTopCategory(null)} data-testid="category-back">
                    {t('centre.analytics.back')}
                  </Button>
                )
              }
            >
              {categoryItems.length === 0 ? (
                <div style={{ height: 320, display: 'grid', placeItems: 'center' }}>
                  <Typography.Text type="secondary">{t('centre.analytics.noData')}</Typography.Text>
                </div>
              ) : (
                <EChart option={categoryOption} onClick={onCategoryClick} testId="chart-categories" />
              )}
            </ChartCard>
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard title={t('centre.analytics.map')} testId="card-map">
              <BeijingMap volume={byMonth} />
            </ChartCard>
          </Col>
          <Col span={24}>
            <ChartCard
              title={t('centre.analytics.streets', { district: byStreet?.district.name ?? '' })}
              testId="card-streets"
              extra={<Typography.Text type="secondary">{t('centre.analytics.streetsNote')}</Typography.Text>}
            >
              <EChart option={streetOption} height={380} testId="chart-streets" />
            </ChartCard>
          </Col>
        </Row>
      </Spin>
    </Space>
  );
}
