/**
 * 电话点单 (the hotline's operators): order a volunteer service for a caller. With a resident's account the
 * operator enters its mobile number and sees the holder's masked name and community (to confirm the
 * caller) and the menu offered there; a caller without an account gives name, phone and community, and
 * is told the query code for the public page. One Idempotency-Key per order form, so a retried submit
 * orders once.
 */
import { Alert, App as AntApp, Button, Card, Cascader, Descriptions, Empty, Form, Input, Radio, Result, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { ApiJson } from '../../shared/api.ts';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { usePlaces } from './places.ts';

type HotlineMenu = ApiJson<'/api/volunteers/orders/hotline/menu'>;
type Who = { kind: 'resident'; residentPhone: string } | { kind: 'caller'; requesterName: string; requesterPhone: string; communityCode: string };
type Placed = { number: string; queryCode: string | null };

const PHONE_RE = /^1[3-9]\d{9}$/;

export default function HotlineOrderPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const places = usePlaces(false);
  const [mode, setMode] = useState<'resident' | 'caller'>('resident');
  const [who, setWho] = useState<Who | null>(null);
  const [menu, setMenu] = useState<HotlineMenu | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [itemId, setItemId] = useState<number | null>(null);
  const [placed, setPlaced] = useState<Placed | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef('');
  const [lookupForm] = Form.useForm<{ residentPhone?: string; requesterName?: string; requesterPhone?: string; place?: string[] }>();
  const [orderForm] = Form.useForm<{ content: string; address?: string }>();

  const restart = () => {
    setWho(null);
    setMenu(null);
    setItemId(null);
    setPlaced(null);
    setLookupError(null);
    lookupForm.resetFields();
    orderForm.resetFields();
  };

  const lookup = async (v: { residentPhone?: string; requesterName?: string; requesterPhone?: string; place?: string[] }) => {
    setLookupError(null);
    setMenu(null);
    setItemId(null);
    const next: Who =
      mode === 'resident'
        ? { kind: 'resident', residentPhone: v.residentPhone!.trim() }
        : { kind: 'caller', requesterName: v.requesterName!.trim(), requesterPhone: v.requesterPhone!.trim(), communityCode: v.place![v.place!.length - 1]! };
    try {
      const query = next.kind === 'resident' ? { residentPhone: next.residentPhone } : { communityCode: next.communityCode };
      setMenu(await must(api.GET('/api/volunteers/orders/hotline/menu', { params: { query } })));
      setWho(next);
    } catch (e) {
      setLookupError(errorMessage(e));
    }
  };

  const choose = (id: number) => {
    key.current = crypto.randomUUID();
    orderForm.resetFields();
    setItemId(id);
  };

  const submit = async (v: { content: string; address?: string }) => {
    if (who === null || itemId === null) return;
    setBusy(true);
    try {
      const base = { menuItemId: itemId, content: v.content.trim(), ...(v.address?.trim() ? { address: v.address.trim() } : {}) };
      const body =
        who.kind === 'resident'
          ? { ...base, residentPhone: who.residentPhone }
          : { ...base, requesterName: who.requesterName, requesterPhone: who.requesterPhone, communityCode: who.communityCode };
      const r = await must(api.POST('/api/volunteers/orders/hotline', { body, params: { header: { 'idempotency-key': key.current } } }));
      setPlaced({ number: r.number, queryCode: r.queryCode });
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (placed !== null)
    return (
      <Result
        status="success"
        data-testid="hotline-order-placed"
        title={t('orders.h.placed', { number: placed.number })}
        subTitle={placed.queryCode === null ? t('orders.h.placedResident') : t('orders.h.placedCaller', { code: placed.queryCode })}
        extra={
          <Button type="primary" onClick={restart}>
            {t('orders.h.next')}
          </Button>
        }
      />
    );

  const item = menu?.items.find((i) => i.id === itemId);
  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 880 }} data-testid="hotline-order-page">
      <Card size="small" title={t('orders.h.caller')}>
        <Radio.Group
          value={mode}
          onChange={(e) => {
            setMode(e.target.value as 'resident' | 'caller');
            restart();
          }}
          style={{ marginBottom: 12 }}
          optionType="button"
          options={[
            { value: 'resident', label: t('orders.h.withAccount') },
            { value: 'caller', label: t('orders.h.withoutAccount') },
          ]}
        />
        <Form form={lookupForm} layout="inline" onFinish={(v) => void lookup(v)} data-testid="hotline-lookup">
          {mode === 'resident' ? (
            <Form.Item
              name="residentPhone"
              label={t('orders.h.residentPhone')}
              rules={[{ required: true, pattern: PHONE_RE, message: t('orders.h.phoneRule') }]}
            >
              <Input maxLength={11} style={{ width: 180 }} />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="requesterName" label={t('orders.h.name')} rules={[{ required: true, whitespace: true, max: 40 }]}>
                <Input style={{ width: 120 }} />
              </Form.Item>
              <Form.Item
                name="requesterPhone"
                label={t('orders.h.phone')}
                rules={[{ required: true, pattern: /^[0-9+-]{5,20}$/, message: t('orders.h.callerPhoneRule') }]}
              >
                <Input style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="place" label={t('orders.h.community')} rules={[{ required: true, type: 'array', len: 2, message: t('orders.h.communityRule') }]}>
                <Cascader options={places} showSearch style={{ width: 260 }} data-testid="hotline-place" />
              </Form.Item>
            </>
          )}
          <Form.Item>
            <Button htmlType="submit">{t('orders.h.lookup')}</Button>
          </Form.Item>
        </Form>
        {lookupError && <Alert type="error" title={lookupError} style={{ marginTop: 12 }} />}
        {menu && (
          <Descriptions size="small" column={3} style={{ marginTop: 12 }} data-testid="hotline-who">
            {menu.resident && <Descriptions.Item label={t('orders.h.holder')}>{menu.resident.maskedName}</Descriptions.Item>}
            <Descriptions.Item label={t('orders.h.community')}>{menu.communityName}</Descriptions.Item>
            <Descriptions.Item label={t('orders.h.station')}>{menu.stationName}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {menu && (
        <Card size="small" title={t('orders.h.menu')}>
          {menu.items.length === 0 ? (
            <Empty description={t('orders.h.noMenu')} />
          ) : (
            <Space wrap>
              {menu.items.map((i) => (
                <Button key={i.id} type={i.id === itemId ? 'primary' : 'default'} onClick={() => choose(i.id)} data-testid={`hotline-item-${i.id}`}>
                  {i.name} · {i.stationName}
                </Button>
              ))}
            </Space>
          )}
          {item && (
            <Form form={orderForm} layout="vertical" onFinish={(v) => void submit(v)} style={{ marginTop: 16 }} data-testid="hotline-order-form">
              <Typography.Paragraph type="secondary">{item.description}</Typography.Paragraph>
              <Form.Item name="content" label={t('orders.m.content')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
                <Input.TextArea rows={3} placeholder={t('orders.m.contentHint')} />
              </Form.Item>
              <Form.Item name="address" label={t('orders.m.address')} rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('orders.h.submit')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </Space>
  );
}
