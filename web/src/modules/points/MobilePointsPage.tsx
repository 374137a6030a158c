/**
 * /m/points: a resident's or volunteer's points on the phone — the balance, the movements with their
 * reasons, the earning rules in force today, the redemption catalogue with its stock, redeeming (one
 * Idempotency-Key per confirmed redemption, made when the confirmation opens and kept for its retries,
 * so a double tap or a retry redeems once), the redemptions with their pickup codes, and cancelling a
 * pending one (the points come back).
 */
import { Alert, App as AntApp, Button, Card, Empty, InputNumber, List, Modal, Popconfirm, Result, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { MobileShell } from '../activities/index.ts';
import { rulesInForce, todayInBeijing } from './rules-in-force.ts';
import { beijingTime } from '../../shared/format.ts';

type Item = ApiJson<'/api/points/items'>['items'][number];
type Rule = ApiJson<'/api/points/rules'>['items'][number];
type Redemption = ApiJson<'/api/points/redemptions/mine'>['items'][number];
type Movement = ApiJson<'/api/points/me'>['movements'][number];

/** A key for one redemption: printable ASCII, 8–64 characters (the route's pattern). */
const newKey = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `m-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
};

function RedeemModal({ item, partner, balance, onClose, onDone }: { item: Item; partner: string; balance: number; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  // One key for this redemption: every tap and retry of this confirmation sends it, so it redeems once.
  const [key] = useState(newKey);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ pickupCode: string; balance: number; points: number } | null>(null);
  const cost = item.cost * quantity;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await must(api.POST('/api/points/redemptions', { params: { header: { 'idempotency-key': key } }, body: { itemId: item.id, quantity } }));
      setDone({ pickupCode: r.pickupCode, balance: r.balance, points: r.points });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={done ? t('m.points.redeemed') : t('m.points.redeemTitle', { item: item.name })}
      onCancel={onClose}
      footer={
        done ? (
          <Button type="primary" block onClick={onClose}>
            {t('m.points.ok')}
          </Button>
        ) : (
          <Button
            type="primary"
            block
            size="large"
            loading={busy}
            disabled={cost > balance || quantity > item.stock}
            onClick={() => void submit()}
            data-testid="redeem-confirm"
          >
            {t('m.points.redeemConfirm', { points: cost })}
          </Button>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title={
            <Typography.Text strong style={{ fontSize: 28, letterSpacing: 4 }} data-testid="pickup-code" copyable>
              {done.pickupCode}
            </Typography.Text>
          }
          subTitle={t('m.points.pickupHint', { partner, balance: done.balance })}
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{item.description}</Typography.Text>
          <Typography.Text type="secondary">{t('m.points.at', { partner })}</Typography.Text>
          <Space>
            {t('m.points.quantity')}
            <InputNumber
              min={1}
              max={Math.max(1, Math.min(20, item.stock))}
              value={quantity}
              onChange={(v) => setQuantity(v ?? 1)}
              aria-label={t('m.points.quantity')}
            />
          </Space>
          <Typography.Text>{t('m.points.costLine', { points: cost, balance })}</Typography.Text>
          {cost > balance && <Alert type="warning" showIcon title={t('m.points.notEnough')} />}
          {error && <Alert type="error" showIcon title={error} />}
        </Space>
      )}
    </Modal>
  );
}

export default function MobilePointsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const account = useLoad(() => must(api.GET('/api/points/me')), []);
  const mine = useLoad(async () => (await must(api.GET('/api/points/redemptions/mine'))).items, [], { initial: [] as Redemption[] });
  const items = useLoad(async () => (await must(api.GET('/api/points/items'))).items, [], { initial: [] as Item[] });
  const partners = useLoad(async () => (await must(api.GET('/api/points/partners'))).items, [], { initial: [] });
  const rules = useLoad(async () => (await must(api.GET('/api/points/rules'))).items, [], { initial: [] as Rule[] });
  const partnerName = useMemo(() => new Map(partners.data.map((p) => [p.id, p.name])), [partners.data]);
  const inForce = useMemo(() => rulesInForce(rules.data, todayInBeijing()), [rules.data]);
  const [redeeming, setRedeeming] = useState<Item | null>(null);
  const balance = account.data?.balance ?? 0;
  // Older movements, a page at a time (the first page comes with the balance).
  const [older, setOlder] = useState<{ movements: Movement[]; nextBefore: number | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const movements = [...(account.data?.movements ?? []), ...(older?.movements ?? [])];
  const nextBefore = older ? older.nextBefore : (account.data?.nextBefore ?? null);
  const loadMore = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    try {
      const page = await must(api.GET('/api/points/me', { params: { query: { before: nextBefore } } }));
      setOlder({ movements: [...(older?.movements ?? []), ...page.movements], nextBefore: page.nextBefore });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  };
  const reloadAll = () => {
    setOlder(null);
    void Promise.all([account.reload(), mine.reload(), items.reload()]);
  };

  const cancel = async (r: Redemption) => {
    try {
      const done = await must(
        api.POST('/api/points/redemptions/{id}/cancel', { params: { path: { id: r.id } }, body: { reason: '本人取消 cancelled by the holder' } }),
      );
      message.success(t('m.points.cancelled', { balance: done.balance }));
      reloadAll();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const error = account.error ?? mine.error ?? items.error ?? rules.error;
  return (
    <MobileShell title={t('m.points.title')} rule="points.myAccount" denied={t('m.points.needHolder')}>
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Statistic
          title={t('m.points.balance')}
          value={balance}
          valueStyle={{ fontSize: 40 }}
          valueRender={(v) => <span data-testid="points-balance">{v}</span>}
        />
      </Card>
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'catalogue',
            label: t('m.points.tab.catalogue'),
            children: (
              <List
                dataSource={items.data}
                loading={items.loading}
                locale={{ emptyText: <Empty description={t('m.points.noItems')} /> }}
                renderItem={(i) => (
                  <List.Item
                    data-testid="points-item"
                    extra={
                      <Button type="primary" disabled={i.stock === 0 || i.cost > balance} onClick={() => setRedeeming(i)}>
                        {t('m.points.redeem')}
                      </Button>
                    }
                  >
                    <List.Item.Meta
                      title={i.name}
                      description={
                        <Space direction="vertical" size={0}>
                          <span>{partnerName.get(i.partnerId) ?? ''}</span>
                          <Space size={4} wrap>
                            <Tag color="gold">{t('m.points.cost', { points: i.cost })}</Tag>
                            {i.stock === 0 ? (
                              <Tag color="red">{t('m.points.soldOut')}</Tag>
                            ) : (
                              <Tag data-testid="item-stock">{t('m.points.stock', { stock: i.stock })}</Tag>
                            )}
                          </Space>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            ),
          },
          {
            key: 'redemptions',
            label: t('m.points.tab.redemptions'),
            children: (
              <List
                dataSource={mine.data}
                loading={mine.loading}
                locale={{ emptyText: <Empty description={t('m.points.noRedemptions')} /> }}
                renderItem={(r) => (
                  <List.Item
                    data-testid="my-redemption"
                    extra={
                      r.status === 'pending' ? (
                        <Popconfirm
                          title={t('m.points.cancelAsk')}
                          okText={t('m.points.cancel')}
                          cancelText={t('m.points.keep')}
                          onConfirm={() => void cancel(r)}
                        >
                          <Button danger size="small">
                            {t('m.points.cancel')}
                          </Button>
                        </Popconfirm>
                      ) : null
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          {r.itemName} ×{r.quantity}
                          <Tag color={r.status === 'pending' ? 'blue' : r.status === 'collected' ? 'green' : 'default'}>
                            {t(`m.points.status.${r.status}` as MessageKey)}
                          </Tag>
                        </Space>
                      }
                      description={
                        <Space direction="vertical" size={0}>
                          {r.status === 'pending' && (
                            <span>
                              {t('m.points.pickupCode')}：
                              <Typography.Text strong copyable>
                                {r.pickupCode}
                              </Typography.Text>
                            </span>
                          )}
                          <span>
                            {partnerName.get(r.partnerId) ?? ''} · −{r.points} · {beijingTime(r.createdAt)}
                          </span>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            ),
          },
          {
            key: 'movements',
            label: t('m.points.tab.movements'),
            children: (
              <List
                size="small"
                dataSource={movements}
                loading={account.loading}
                loadMore={
                  nextBefore !== null && (
                    <Button block type="link" loading={loadingMore} onClick={() => void loadMore()}>
                      {t('m.points.more')}
                    </Button>
                  )
                }
                locale={{ emptyText: <Empty description={t('m.points.noMovements')} /> }}
                renderItem={(m) => (
                  <List.Item
                    data-testid="points-movement"
                    extra={
                      <Typography.Text strong type={m.amount < 0 ? 'danger' : 'success'}>
                        {m.amount > 0 ? `+${m.amount}` : m.amount}
                      </Typography.Text>
                    }
                  >
                    <List.Item.Meta
                      title={`${t(`m.points.kind.${m.kind}` as MessageKey)} · ${m.reason || m.ruleName || ''}`}
                      description={`${beijingTime(m.occurredAt)}${m.ruleName && m.ruleName !== m.reason ? ` · ${m.ruleName}` : ''}`}
                    />
                  </List.Item>
                )}
              />
            ),
          },
          {
            key: 'rules',
            label: t('m.points.tab.rules'),
            children: (
              <List
                size="small"
                dataSource={inForce}
                loading={rules.loading}
                renderItem={(r) => (
                  <List.Item data-testid="points-rule">
                    <List.Item.Meta
                      title={r.name}
                      description={
                        <Space size={4} wrap>
                          <Tag color="gold">{t(`m.points.per.${r.kind}` as MessageKey, { points: r.pointsPerUnit })}</Tag>
                          {r.dailyCap !== null && <Tag>{t('m.points.dailyCap', { cap: r.dailyCap })}</Tag>}
                          <Typography.Text type="secondary">{t('m.points.since', { date: r.effectiveFrom })}</Typography.Text>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            ),
          },
        ]}
      />
      {redeeming && (
        <RedeemModal
          item={redeeming}
          partner={partnerName.get(redeeming.partnerId) ?? ''}
          balance={balance}
          onClose={() => setRedeeming(null)}
          onDone={reloadAll}
        />
      )}
    </MobileShell>
  );
}
