/**
 * The official holiday calendar: a loud warning when the current or next year has no data (deadlines
 * then count weekends only), the days of a year, and loading a year's State Council notice pasted as
 * lines `YYYY-MM-DD holiday|workday 名称`.
 */
import { Alert, App, Button, Card, Col, Input, List, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { parseNotice } from './calendar-notice.ts';
import type { CalendarDayView } from './types.ts';

export default function CalendarTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [saving, setSaving] = useState(false);

  const toast = (m: string) => message.error(m);
  const health = useLoad(async () => ((await must(api.GET('/healthz'))) as { missingCalendarYears: number[] }).missingCalendarYears, [], {
    initial: [],
    onError: toast,
  });
  const missing = health.data;
  const calendar = useLoad(async () => must(api.GET('/api/admin/calendar/{year}', { params: { path: { year } } })), [year], {
    onError: toast,
  });
  const { data, loading } = calendar;

  const parsed = useMemo(() => parseNotice(text, year), [text, year]);

  const submit = async () => {
    setSaving(true);
    try {
      await must(api.PUT('/api/admin/calendar/{year}', { params: { path: { year } }, body: { source: source.trim(), days: parsed.days } }));
      message.success(t('centre.calendar.loaded', { year, n: parsed.days.length }));
      setText('');
      await Promise.all([calendar.reload(), health.reload()]);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const weekday = (d: string) => dayjs(d).format('ddd');
  const holidays = data?.days.filter((d) => d.kind === 'holiday').length ?? 0;
  const workdays = data?.days.filter((d) => d.kind === 'workday').length ?? 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="calendar-missing"
          message={<b>{t('centre.calendar.missingTitle', { years: missing.join('、') })}</b>}
          description={t('centre.calendar.missingText')}
        />
      )}
      <Space wrap>
        <Segmented<number>
          value={year}
          onChange={(v) => setYear(v)}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: missing.includes(y) ? `${y} ⚠` : String(y) }))}
          data-testid="calendar-year"
        />
        {data &&
          (data.covered ? (
            <Tag color="green">{t('centre.calendar.covered', { source: data.source ?? '' })}</Tag>
          ) : (
            <Tag color="red">{t('centre.calendar.notCovered')}</Tag>
          ))}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('centre.calendar.days', { year, holidays, workdays })}>
            <Table<CalendarDayView>
              rowKey="date"
              size="small"
              loading={loading}
              dataSource={data?.days ?? []}
              pagination={false}
              scroll={{ y: 480 }}
              data-testid="calendar-days"
              columns={[
                { title: t('centre.calendar.date'), dataIndex: 'date', width: 120 },
                { title: t('centre.calendar.weekday'), dataIndex: 'date', key: 'weekday', width: 80, render: weekday },
                {
                  title: t('centre.calendar.kind'),
                  dataIndex: 'kind',
                  width: 110,
                  render: (k: string) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`centre.calendar.${k}` as MessageKey)}</Tag>,
                },
                { title: t('centre.calendar.name'), dataIndex: 'name' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('centre.calendar.paste', { year })}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">{t('centre.calendar.pasteHelp')}</Typography.Text>
              <Input
                placeholder={t('centre.calendar.sourcePlaceholder')}
                value={source}
                onChange={(e) => setSource(e.target.value)}
                maxLength={200}
                data-testid="calendar-source"
              />
              <Input.TextArea
                rows={12}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={`${year}-01-01 holiday 元旦\n${year}-02-14 workday 春节调休`}
                style={{ fontFamily: 'monospace' }}
                data-testid="calendar-text"
              />
              {parsed.problems.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  message={t('centre.calendar.problems', { n: parsed.problems.length })}
                  description={
                    <List
                      size="small"
                      dataSource={parsed.problems.slice(0, 10)}
                      renderItem={(p) => (
                        <List.Item>
                          {t('centre.calendar.problem', { line: p.line, text: p.text, reason: t(`centre.calendar.reason.${p.reason}` as MessageKey) })}
                        </List.Item>
                      )}
                    />
                  }
                />
              )}
              <Space>
                <Typography.Text>
                  {t('centre.calendar.preview', {
                    holidays: parsed.days.filter((d) => d.kind === 'holiday').length,
                    workdays: parsed.days.filter((d) => d.kind === 'workday').length,
                  })}
                </Typography.Text>
                <Button
                  type="primary"
                  danger={data?.covered}
                  loading={saving}
                  disabled={parsed.days.length === 0 || parsed.problems.length > 0 || source.trim() === ''}
                  onClick={submit}
                  data-testid="calendar-submit"
                >
                  {data?.covered ? t('centre.calendar.replace', { year }) : t('centre.calendar.load', { year })}
                </Button>
              </Space>
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
