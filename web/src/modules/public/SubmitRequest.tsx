/**
 * 我要反映: the requester's form (phone first). Category (optional, searchable), what happened, where
 * (street/community, the phone's location, an exact place), photos from the camera or the gallery,
 * name and phone. After submission the ticket number and the query code are shown large, with the
 * advice to keep them, and remembered on this device. Opened from a building's door board
 * (`/m?building=<code>`), the place, the address and the coordinates start filled in from that
 * building, with a visible note; the requester may still change or clear them.
 */
import { AimOutlined, CameraOutlined, CloseOutlined, EnvironmentOutlined, LoadingOutlined, PictureOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Cascader, Form, Input, Result, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import { MAX_PHOTOS, prepareImage, uploadPhoto } from '../../shared/photos.ts';
import { useI18n } from '../../shell/i18n.tsx';
import type { Board } from '../boards/index.ts';
import { rememberRequest } from './recent.ts';

type Categories = paths['/api/public/categories']['get']['responses'][200]['content']['application/json']['items'];
type Divisions = paths['/api/public/divisions']['get']['responses'][200]['content']['application/json']['items'];
type SubmitBody = NonNullable<paths['/api/public/requests']['post']['requestBody']>['content']['application/json'];
type RequestType = NonNullable<SubmitBody['requestType']>;

const REQUEST_TYPES: RequestType[] = ['complaint', 'help', 'report', 'suggestion', 'consultation', 'praise'];
/** A mobile number, or a landline with its area code. */
const PHONE_RE = /^(\+?86[- ]?)?(1\d{10}|0\d{2,3}-?\d{7,8})$/;

interface Photo {
  key: string;
  preview: string;
  status: 'uploading' | 'done' | 'error';
  id?: number;
}

interface FormValues {
  requestType: RequestType;
  categoryId?: number;
  content: string;
  place?: string[];
  address?: string;
  requesterName?: string;
  requesterPhone: string;
}

/** Big, copyable text for the number and the code. */
function BigValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useI18n();
  return (
    <div style={{ background: '#fff7f6', border: '1px solid #ffccc7', borderRadius: 8, padding: '12px 16px', textAlign: 'center' }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Paragraph
        copyable={{ text: value, tooltips: [t('public.copy'), t('public.copied')] }}
        style={{ fontSize: 22, fontWeight: 600, letterSpacing: 1, margin: 0, fontFamily: 'monospace', wordBreak: 'break-all' }}
        data-testid={testId}
      >
        {value}
      </Typography.Paragraph>
    </div>
  );
}

export default function SubmitRequest() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [categories, setCategories] = useState<Categories>([]);
  const [divisions, setDivisions] = useState<Divisions>([]);
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ number: string; queryCode: string } | null>(null);
  const camera = useRef<HTMLInputElement>(null);
  const gallery = useRef<HTMLInputElement>(null);
  // One key per filled-in form, so a retry after a network failure cannot create a second ticket.
  const idempotencyKey = useRef(`m-${crypto.randomUUID()}`);
  // Opened from a door board's QR code: the building whose place pre-fills the form.
  const [searchParams] = useSearchParams();
  const buildingCode = searchParams.get('building');
  const [building, setBuilding] = useState<Board | null>(null);
  const [buildingFailed, setBuildingFailed] = useState(false);

  const applyBuilding = useCallback(
    (b: Board) => {
      form.setFieldsValue({ place: [b.streetCode, b.communityCode], address: b.address });
      setLocation(b.latitude !== null && b.longitude !== null ? { lat: b.latitude, lng: b.longitude } : null);
    },
    [form],
  );

  useEffect(() => {
    if (!buildingCode) return;
    let live = true;
    void api
      .GET('/api/public/boards/{code}', { params: { path: { code: buildingCode } } })
      .then((r) => {
        if (!live) return;
        if (r.data) {
          setBuilding(r.data);
          applyBuilding(r.data);
        } else setBuildingFailed(true);
      })
      .catch(() => live && setBuildingFailed(true));
    return () => {
      live = false;
    };
  }, [buildingCode, applyBuilding]);

  const clearBuilding = () => {
    setBuilding(null);
    form.setFieldsValue({ place: undefined, address: undefined });
    setLocation(null);
  };

  useEffect(() => {
    void must(api.GET('/api/public/categories'))
      .then((r) => setCategories(r.items))
      .catch(() => setCategories([]));
    void must(api.GET('/api/public/divisions'))
      .then((r) => setDivisions(r.items))
      .catch(() => setDivisions([]));
  }, []);

  const en = lang === 'en';
  const categoryOptions = useMemo(
    () =>
      categories.map((g) => ({
        label: en ? g.nameEn || g.name : g.name,
        title: g.name,
        options: g.leaves.map((l) => ({
          value: l.id,
          label: en ? l.pathEn : l.path,
          search: `${g.name} ${l.path} ${g.nameEn} ${l.pathEn} ${l.keywords.join(' ')}`.toLowerCase(),
        })),
      })),
    [categories, en],
  );
  const placeOptions = useMemo(
    () => divisions.map((s) => ({ value: s.code, label: s.name, children: s.communities.map((c) => ({ value: c.code, label: c.name })) })),
    [divisions],
  );

  const locate = () => {
    if (!('geolocation' in navigator)) {
      void message.warning(t('public.form.locateFailed'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setLocation({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 });
        void form.validateFields(['place']);
      },
      () => {
        setLocating(false);
        void message.warning(t('public.form.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const addFiles = (files: FileList | null) => {
    const list = Array.from(files ?? []).slice(0, Math.max(0, MAX_PHOTOS - photos.length));
    for (const file of list) {
      const key = crypto.randomUUID();
      const preview = URL.createObjectURL(file);
      setPhotos((ps) => [...ps, { key, preview, status: 'uploading' }]);
      void prepareImage(file)
        .then((blob) => uploadPhoto('public', blob))
        .then((id) => setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, status: 'done', id } : p))))
        .catch((e: unknown) => {
          setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, status: 'error' } : p)));
          void message.error(`${t('public.form.photoFailed')}: ${errorMessage(e)}`);
        });
    }
  };

  const removePhoto = (key: string) =>
    setPhotos((ps) => {
      const p = ps.find((x) => x.key === key);
      if (p) URL.revokeObjectURL(p.preview);
      return ps.filter((x) => x.key !== key);
    });

  const submit = async (v: FormValues) => {
    if (photos.some((p) => p.status === 'uploading')) {
      void message.info(t('public.form.photosBusy'));
      return;
    }
    setBusy(true);
    setError(null);
    const [streetCode, communityCode] = v.place ?? [];
    const body: SubmitBody = {
      requestType: v.requestType,
      categoryId: v.categoryId ?? null,
      content: v.content.trim(),
      streetCode: streetCode ?? null,
      communityCode: communityCode ?? null,
      latitude: location?.lat ?? null,
      longitude: location?.lng ?? null,
      requesterPhone: v.requesterPhone.trim(),
      attachmentIds: photos.filter((p) => p.status === 'done' && p.id !== undefined).map((p) => p.id!),
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      ...(v.requesterName?.trim() ? { requesterName: v.requesterName.trim() } : {}),
    };
    try {
      const r = await must(api.POST('/api/public/requests', { body, params: { header: { 'idempotency-key': idempotencyKey.current } } }));
      rememberRequest({ number: r.number, code: r.queryCode, at: new Date().toISOString() });
      setDone(r);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(t('public.form.failed', { message: errorMessage(e) }));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Card data-testid="submit-done">
        <Result status="success" title={t('public.done.title')} style={{ padding: '8px 0' }} />
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <BigValue label={t('public.done.number')} value={done.number} testId="done-number" />
          <BigValue label={t('public.done.code')} value={done.queryCode} testId="done-code" />
          <Alert type="warning" showIcon icon={<WarningOutlined />} title={t('public.done.save')} description={t('public.done.saved')} />
          <Button
            type="primary"
            block
            size="large"
            onClick={() => navigate('/m/track', { state: { number: done.number, code: done.queryCode } })}
            data-testid="done-track"
          >
            {t('public.done.track')}
          </Button>
          <Button
            block
            size="large"
            onClick={() => {
              setDone(null);
              setPhotos([]);
              setLocation(null);
              form.resetFields();
              if (building) applyBuilding(building);
              idempotencyKey.current = `m-${crypto.randomUUID()}`;
            }}
          >
            {t('public.done.another')}
          </Button>
        </Space>
      </Card>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('public.emergency')} />
      {building ? (
        <Alert
          type="success"
          showIcon
          icon={<EnvironmentOutlined />}
          title={<span data-testid="building-prefill">{t('board.prefill', { community: building.communityName, name: building.name })}</span>}
          description={t('board.prefillHint')}
          action={
            <Button size="small" onClick={clearBuilding} data-testid="building-prefill-clear">
              {t('board.prefillClear')}
            </Button>
          }
        />
      ) : buildingFailed ? (
        <Alert type="warning" showIcon title={t('board.prefillFailed')} data-testid="building-prefill-failed" />
      ) : null}
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Form<FormValues> form={form} layout="vertical" size="large" initialValues={{ requestType: 'complaint' }} onFinish={submit} scrollToFirstError>
          <Form.Item name="requestType" label={t('public.form.requestType')}>
            <Select options={REQUEST_TYPES.map((v) => ({ value: v, label: t(`public.requestType.${v}`) }))} data-testid="field-request-type" />
          </Form.Item>
          <Form.Item name="categoryId" label={t('public.form.category')}>
            <Select
              allowClear
              showSearch={{
                filterOption: (input, option) => String((option as { search?: string } | undefined)?.search ?? '').includes(input.trim().toLowerCase()),
              }}
              placeholder={t('public.form.categoryPlaceholder')}
              options={categoryOptions}
              listHeight={320}
              data-testid="field-category"
            />
          </Form.Item>
          <Form.Item name="content" label={t('public.form.content')} rules={[{ required: true, whitespace: true, message: t('public.form.contentRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('public.form.contentPlaceholder')} data-testid="field-content" />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('public.form.place')}
            dependencies={['address']}
            required
            rules={[
              {
                validator: async (_r, value: string[] | undefined) => {
                  if ((value && value.length > 0) || location !== null || String(form.getFieldValue('address') ?? '').trim() !== '') return;
                  throw new Error(t('public.form.placeRequired'));
                },
              },
            ]}
            extra={
              <Space wrap style={{ marginTop: 8 }}>
                <Button icon={locating ? <LoadingOutlined /> : <AimOutlined />} onClick={locate} disabled={locating} data-testid="locate">
                  {locating ? t('public.form.locating') : t('public.form.locate')}
                </Button>
                {location ? (
                  <Typography.Text type="success" data-testid="located">
                    {t('public.form.located', { lat: location.lat.toFixed(4), lng: location.lng.toFixed(4) })}{' '}
                    <Button type="link" size="small" icon={<CloseOutlined />} aria-label={t('public.form.clearLocation')} onClick={() => setLocation(null)} />
                  </Typography.Text>
                ) : null}
              </Space>
            }
          >
            <Cascader
              options={placeOptions}
              changeOnSelect
              showSearch
              placeholder={t('public.form.placePlaceholder')}
              style={{ width: '100%' }}
              data-testid="field-place"
            />
          </Form.Item>
          <Form.Item name="address" label={t('public.form.address')}>
            <Input maxLength={200} placeholder={t('public.form.addressPlaceholder')} data-testid="field-address" />
          </Form.Item>

          <Form.Item label={t('public.form.photos', { max: MAX_PHOTOS })}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="photos">
              {photos.map((p) => (
                <div key={p.key} style={{ position: 'relative', width: 96, height: 96 }} data-testid={`photo-${p.status}`}>
                  <img src={p.preview} alt="" style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 8, opacity: p.status === 'done' ? 1 : 0.5 }} />
                  {p.status !== 'done' ? (
                    <div
                      style={{
                        position: 'absolute',
                        inset: 0,
                        display: 'grid',
                        placeItems: 'center',
                        color: p.status === 'error' ? '#cf1322' : '#595959',
                        fontSize: 12,
                      }}
                    >
                      {p.status === 'uploading' ? <LoadingOutlined style={{ fontSize: 24 }} /> : t('public.form.photoFailed')}
                    </div>
                  ) : null}
                  <Button
                    shape="circle"
                    size="small"
                    icon={<CloseOutlined />}
                    aria-label={t('public.form.photoRemove')}
                    onClick={() => removePhoto(p.key)}
                    style={{ position: 'absolute', top: -8, right: -8 }}
                  />
                </div>
              ))}
            </div>
            {photos.length < MAX_PHOTOS ? (
              <Space style={{ marginTop: photos.length ? 12 : 0 }}>
                <Button icon={<CameraOutlined />} onClick={() => camera.current?.click()} data-testid="photo-camera">
                  {t('public.form.takePhoto')}
                </Button>
                <Button icon={<PictureOutlined />} onClick={() => gallery.current?.click()} data-testid="photo-gallery">
                  {t('public.form.choosePhoto')}
                </Button>
              </Space>
            ) : null}
            <input
              ref={camera}
              type="file"
              accept="image/*"
              capture="environment"
              style={{ display: 'none' }}
              data-testid="photo-input-camera"
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
            />
            <input
              ref={gallery}
              type="file"
              accept="image/*"
              multiple
              style={{ display: 'none' }}
              data-testid="photo-input"
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </Form.Item>

          <Form.Item name="requesterName" label={t('public.form.name')}>
            <Input maxLength={50} autoComplete="name" placeholder={t('public.form.namePlaceholder')} data-testid="field-name" />
          </Form.Item>
          <Form.Item
            name="requesterPhone"
            label={t('public.form.phone')}
            rules={[
              { required: true, whitespace: true, message: t('public.form.phoneRequired') },
              { pattern: PHONE_RE, message: t('public.form.phoneInvalid') },
            ]}
          >
            <Input inputMode="tel" autoComplete="tel" maxLength={20} placeholder={t('public.form.phonePlaceholder')} data-testid="field-phone" />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('public.form.privacy')}
          </Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="submit-error" /> : null}
          <Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} style={{ height: 52, fontSize: 18 }} data-testid="submit">
              {t('public.form.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}
