/**
 * 网格上报 (mobile-first): a grid worker picks one of their grids, a category, describes the problem,
 * takes photos with the phone camera, adds their position and submits; the server dispatches it.
 */
import { Alert, Button, Card, Form, Input, List, Select, Space, Tag, Upload, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { prepareImage, uploadPhoto } from '../public/photos.ts';

interface Grid {
  code: string;
  name: string;
}
interface Category {
  id: number;
  path: string;
  isLeaf: boolean;
  active: boolean;
}
interface Mine {
  ticketId: number;
  number: string;
  state: string;
  gridName: string;
  createdAt: string;
}

export default function GridReportPage() {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [grids, setGrids] = useState<Grid[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [mine, setMine] = useState<Mine[]>([]);
  const [photos, setPhotos] = useState<number[]>([]);
  const [position, setPosition] = useState<{ latitude: number; longitude: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

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

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setPosition({ latitude: Math.round(p.coords.latitude * 1e6) / 1e6, longitude: Math.round(p.coords.longitude * 1e6) / 1e6 }),
      (e) => setError(e.message),
    );

  const submit = async (v: { gridCode: string; categoryId: number; description: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await must(api.POST('/api/grid-reports', { body: { ...v, ...(position ?? {}), ...(photos.length > 0 ? { attachmentIds: photos } : {}) } }));
      void message.success(t('grid.submitted', { number: r.number }));
      form.resetFields();
      setPhotos([]);
      setPosition(null);
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }}>
      {error && <Alert type="error" message={error} closable onClose={() => setError(null)} />}
      <Card title={t('nav.gridReport')} size="small">
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="gridCode" label={t('grid.grid')} rules={[{ required: true }]}>
            <Select options={grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('grid.category')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={categories.map((c) => ({ value: c.id, label: c.path }))} />
          </Form.Item>
          <Form.Item name="description" label={t('grid.description')} rules={[{ required: true, max: 4000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label={t('grid.photo')}>
            <Upload
              accept="image/*"
              capture="environment"
              listType="picture-card"
              maxCount={9}
              customRequest={async (o) => {
                try {
                  const id = await uploadPhoto('staff', await prepareImage(o.file as File));
                  setPhotos((p) => [...p, id]);
                  o.onSuccess?.(id);
                } catch (e) {
                  setError(errorMessage(e));
                  o.onError?.(e as Error);
                }
              }}
            >
              +
            </Upload>
          </Form.Item>
          <Space wrap>
            <Button onClick={locate}>{t('grid.position')}</Button>
            {position && <Tag color="green">{t('grid.positionSet', { lat: position.latitude, lng: position.longitude })}</Tag>}
          </Space>
          <Form.Item style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('grid.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('grid.mine')} size="small">
        <List
          dataSource={mine}
          renderItem={(m) => (
            <List.Item>
              <a href={`/tickets/${m.ticketId}`}>{m.number}</a> {m.gridName} <Tag>{m.state}</Tag>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
