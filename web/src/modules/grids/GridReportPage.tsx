/**
 * 网格上报 (mobile-first): a grid worker picks one of their grids, a category, describes the problem,
 * takes photos with the phone camera, adds their position and submits; the server dispatches it. A
 * problem the worker fixed on the spot (现场解决) is reported with after photos and what was done, and
 * closes at once.
 */
import { Alert, Button, Card, Form, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, must, type ApiBody, type ApiJson } from '../../shared/api.ts';
import { labelOf } from '../../shared/format.ts';
import PhotoPicker from '../../shared/PhotoPicker.tsx';
import { MAX_PHOTOS } from '../../shared/photos.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Grid = ApiJson<'/api/grids', 'get'>['items'][number];
type Mine = ApiJson<'/api/grid-reports/mine', 'get'>['items'][number];
type Body = ApiBody<'/api/grid-reports'>;
interface Category {
  id: number;
  path: string;
  isLeaf: boolean;
  active: boolean;
}
interface Values {
  gridCode: string;
  categoryId: number;
  description: string;
  resolvedOnSpot?: boolean;
  resolution?: string;
}

export default function GridReportPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const onSpot = Form.useWatch('resolvedOnSpot', form) === true;
  const [grids, setGrids] = useState<Grid[] | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [mine, setMine] = useState<Mine[]>([]);
  const [photos, setPhotos] = useState<number[]>([]);
  const [after, setAfter] = useState<number[]>([]);
  const [uploading, setUploading] = useState({ before: false, after: false });
  const [pickerKey, setPickerKey] = useState(0);
  const [position, setPosition] = useState<{ latitude: number; longitude: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ number: string; ticketId: number; closed: boolean } | null>(null);

  const reload = useCallback(async () => {
    try {
      const [g, c, m] = await Promise.all([must(api.GET('/api/grids')), must(api.GET('/api/categories')), must(api.GET('/api/grid-reports/mine'))]);
      setGrids(g.items);
      setCategories(c.items.filter((x) => x.isLeaf && x.active));
      setMine(m.items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const locate = () => {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(
      (p) => setPosition({ latitude: Math.round(p.coords.latitude * 1e6) / 1e6, longitude: Math.round(p.coords.longitude * 1e6) / 1e6 }),
      (e) => setError(e.message),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (v: Values) => {
    if (v.resolvedOnSpot && after.length === 0) {
      setError(t('grid.afterPhotoRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body: Body = {
        gridCode: v.gridCode,
        categoryId: v.categoryId,
        description: v.description,
        ...(position ?? {}),
        ...(photos.length > 0 ? { attachmentIds: photos } : {}),
        ...(v.resolvedOnSpot ? { resolvedOnSpot: true, afterAttachmentIds: after, resolution: (v.resolution ?? '').trim() } : {}),
      };
      const r = await must(api.POST('/api/grid-reports', { body }));
      setDone({ number: r.number, ticketId: r.ticketId, closed: r.state === 'closed' });
      form.resetFields();
      setPhotos([]);
      setAfter([]);
      setPickerKey((k) => k + 1);
      setPosition(null);
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 560 }} data-testid="grid-report-page">
      {error && <Alert type="error" title={error} closable={{ onClose: () => setError(null) }} data-testid="grid-error" />}
      {done && (
        <Alert
          type="success"
          showIcon
          data-testid="grid-done"
          data-closed={done.closed}
          title={done.closed ? t('grid.resolvedOnSpot', { number: done.number }) : t('grid.submitted', { number: done.number })}
          description={
            <Link to={`/tickets/${done.ticketId}`} data-testid="grid-done-open">
              {t('grid.openTicket')}
            </Link>
          }
          closable={{ onClose: () => setDone(null) }}
        />
      )}
      {grids !== null && grids.length === 0 && <Alert type="warning" title={t('grid.noGrids')} />}
      <Card title={t('nav.gridReport')} size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ resolvedOnSpot: false }}>
          <Form.Item name="gridCode" label={t('grid.grid')} rules={[{ required: true }]}>
            <Select data-testid="grid-select" options={(grids ?? []).map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('grid.category')} rules={[{ required: true }]}>
            <Select data-testid="grid-category" showSearch={{ optionFilterProp: 'label' }} options={categories.map((c) => ({ value: c.id, label: c.path }))} />
          </Form.Item>
          <Form.Item name="description" label={t('grid.description')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
            <Input.TextArea rows={3} data-testid="grid-description" />
          </Form.Item>
          <Form.Item label={t('grid.photo')}>
            <PhotoPicker
              key={`before-${pickerKey}`}
              max={MAX_PHOTOS}
              onChange={setPhotos}
              onBusy={(b) => setUploading((u) => ({ ...u, before: b }))}
              onError={setError}
              data-testid="grid-photos"
            />
          </Form.Item>
          <Space wrap style={{ marginBottom: 16 }}>
            <Button onClick={locate} data-testid="grid-locate">
              {t('grid.position')}
            </Button>
            {position && (
              <Tag color="green" data-testid="grid-located">
                {t('grid.positionSet', { lat: position.latitude, lng: position.longitude })}
              </Tag>
            )}
          </Space>
          <Form.Item name="resolvedOnSpot" label={t('grid.onSpot')} valuePropName="checked" extra={t('grid.onSpotHint')}>
            <Switch data-testid="grid-on-spot" />
          </Form.Item>
          {onSpot && (
            <>
              <Form.Item label={t('grid.afterPhoto')} required>
                <PhotoPicker
                  key={`after-${pickerKey}`}
                  max={MAX_PHOTOS}
                  onChange={setAfter}
                  onBusy={(b) => setUploading((u) => ({ ...u, after: b }))}
                  onError={setError}
                  data-testid="grid-after-photos"
                />
              </Form.Item>
              <Form.Item name="resolution" label={t('grid.resolution')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
                <Input.TextArea rows={2} data-testid="grid-resolution" />
              </Form.Item>
            </>
          )}
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={uploading.before || uploading.after} block data-testid="grid-submit">
              {uploading.before || uploading.after ? t('grid.uploading') : onSpot ? t('grid.onSpot') : t('grid.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('grid.mine')} size="small" data-testid="grid-mine">
        {mine.length === 0 ? (
          <Typography.Text type="secondary">{t('grid.empty')}</Typography.Text>
        ) : (
          <List
            dataSource={mine}
            renderItem={(m) => (
              <List.Item data-testid={`grid-mine-${m.number}`} data-state={m.state}>
                <Space wrap>
                  <Link to={`/tickets/${m.ticketId}`}>{m.number}</Link>
                  <span>{m.gridName}</span>
                  <Tag color={m.state === 'closed' ? 'green' : 'blue'}>{labelOf(t, 'ticket.state', m.state)}</Tag>
                  {m.resolvedOnSpot ? (
                    <Tag color="green" data-testid={`grid-mine-on-spot-${m.number}`}>
                      {t('grid.onSpot')}
                    </Tag>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
