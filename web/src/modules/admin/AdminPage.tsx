/**
 * System administration (系统管理, admin role): units, users and roles, categories and the dispatch
 * catalogue, time limits, the holiday calendar and the assessment weights. Every change goes through
 * the server, which checks it and reloads its reference data.
 */
import { Alert, Button, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { fetchCategories, fetchDivisions, fetchUnits, type Category, type Division, type Unit } from '../../shared/reference.ts';
import { useI18n } from '../../shell/i18n.tsx';
import CalendarTab from './CalendarTab.tsx';
import CatalogTab from './CatalogTab.tsx';
import CategoriesTab from './CategoriesTab.tsx';
import GridsTab from './GridsTab.tsx';
import RulesTab from './RulesTab.tsx';
import TimeLimitsTab from './TimeLimitsTab.tsx';
import UnitsTab from './UnitsTab.tsx';
import UsersTab from './UsersTab.tsx';

export default function AdminPage() {
  const { t } = useI18n();
  const [units, setUnits] = useState<Unit[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [divisions, setDivisions] = useState<Division[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState('units');
  const [missingYears, setMissingYears] = useState<number[]>([]);

  const reloadUnits = useCallback(() => {
    fetchUnits()
      .then(setUnits)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  const reloadCategories = useCallback(() => {
    fetchCategories()
      .then(setCategories)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    reloadUnits();
    reloadCategories();
    fetchDivisions()
      .then(setDivisions)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [reloadUnits, reloadCategories]);
  useEffect(() => {
    // Deadlines over a year without the official calendar count weekends only: say so on every tab.
    must(api.GET('/healthz'))
      .then((h) => setMissingYears((h as { missingCalendarYears: number[] }).missingCalendarYears))
      .catch(() => setMissingYears([]));
  }, [tab]);

  return (
    <>
      <Typography.Title level={3}>{t('centre.admin.title')}</Typography.Title>
      {missingYears.length > 0 && tab !== 'calendar' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="admin-calendar-warning"
          message={<b>{t('centre.calendar.missingTitle', { years: missingYears.join('、') })}</b>}
          description={t('centre.calendar.missingText')}
          action={
            <Button danger onClick={() => setTab('calendar')}>
              {t('centre.calendar.goLoad')}
            </Button>
          }
        />
      )}
      {error && <Alert type="error" showIcon message={t('common.error')} description={error} style={{ marginBottom: 16 }} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        data-testid="admin-tabs"
        items={[
          {
            key: 'units',
            label: <span data-testid="admin-tab-units">{t('centre.admin.units')}</span>,
            children: <UnitsTab units={units} divisions={divisions} reload={reloadUnits} />,
          },
          { key: 'users', label: <span data-testid="admin-tab-users">{t('centre.admin.users')}</span>, children: <UsersTab units={units} /> },
          {
            key: 'categories',
            label: <span data-testid="admin-tab-categories">{t('centre.admin.categories')}</span>,
            children: <CategoriesTab categories={categories} reload={reloadCategories} />,
          },
          {
            key: 'catalog',
            label: <span data-testid="admin-tab-catalog">{t('centre.admin.catalog')}</span>,
            children: <CatalogTab units={units} categories={categories} divisions={divisions} />,
          },
          { key: 'limits', label: <span data-testid="admin-tab-limits">{t('centre.admin.limits')}</span>, children: <TimeLimitsTab /> },
          { key: 'calendar', label: <span data-testid="admin-tab-calendar">{t('centre.admin.calendar')}</span>, children: <CalendarTab /> },
          { key: 'rules', label: <span data-testid="admin-tab-rules">{t('centre.admin.rules')}</span>, children: <RulesTab /> },
          {
            key: 'grids',
            label: <span data-testid="admin-tab-grids">{t('centre.admin.grids')}</span>,
            children: <GridsTab divisions={divisions} units={units} />,
          },
        ]}
      />
    </>
  );
}
