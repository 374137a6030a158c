/**
 * 党组织 (party workers): the organisation tree of the worker's scope with member counts, one organisation
 * with its superior, the organisations below it and its members (masked), and the changes the server
 * allows a party worker — a new organisation below, rename and 双报到 pairing, move, retire, add a member,
 * show a member's identity with a reason the server records.
 */
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

type Node = ApiJson<'/api/party/organisations'>['organisations'][number];
type Detail = ApiJson<'/api/party/organisations/{id}'>;
type Member = Detail['members'][number];
type Level = Node['level'];

const LEVELS: Level[] = ['committee', 'general_branch', 'branch'];
const HOSTS = ['district', 'street', 'community', 'village', 'department', 'enterprise', 'property', 'school', 'other'] as const;
const levelKey = (l: Level) => `party.level.${l}` as MessageKey;

interface TreeItem {
  key: number;
  title: string;
  children: TreeItem[];
}

function buildTree(nodes: readonly Node[], label: (n: Node) => string): TreeItem[] {
  const items = new Map(nodes.map((n) => [n.id, { key: n.id, title: label(n), children: [] as TreeItem[] }]));
  const roots: TreeItem[] = [];
  for (const n of nodes) {
    const item = items.get(n.id)!;
    const parent = n.parentId === null ? undefined : items.get(n.parentId);
    (parent?.children ?? roots).push(item);
  }
  return roots;
}

function RevealModal({ member, onClose }: { member: Member; onClose(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<{ realName?: string; idNumber?: string; phone?: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      setShown(await must(api.POST('/api/party/members/{id}/reveal', { params: { path: { id: member.id } }, body: { reason } })));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      open
      title={t('party.revealTitle')}
      onCancel={onClose}
      onOk={shown ? onClose : () => void submit()}
      okButtonProps={{ disabled: !shown && reason.trim().length < 2, 'data-testid': 'party-reveal-ok' }}
    >
      {error && <Alert type="error" showIcon title={error} />}
      {shown ? (
        <Descriptions column={1} size="small" data-testid="party-revealed">
          <Descriptions.Item label={t('party.realName')}>{shown.realName}</Descriptions.Item>
          <Descriptions.Item label={t('party.idNumber')}>{shown.idNumber}</Descriptions.Item>
          <Descriptions.Item label={t('party.phone')}>{shown.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="">{t('party.revealed')}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Input.TextArea
          rows={2}
          placeholder={t('party.revealReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="party-reveal-reason"
        />
      )}
    </Modal>
  );
}

function MemberForm({ organisationId, onClose, onDone }: { organisationId: number; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const ref = useReference();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const communities = useMemo(() => ref.divisions.filter((d) => d.level === 'community').map((d) => ({ value: d.code, label: d.name })), [ref.divisions]);
  const submit = async () => {
    const v = await form.validateFields();
    const pioneers = String(v.pioneers ?? '')
      .split(/[,，、]/)
      .map((s: string) => s.trim())
      .filter((s: string) => s !== '')
      .map((s: string) => `pioneer:${s}`);
    setError(null);
    try {
      await must(
        api.POST('/api/party/members', {
          body: {
            organisationId,
            realName: v.realName,
            idNumber: v.idNumber,
            ...(v.phone ? { phone: v.phone } : {}),
            memberType: v.memberType,
            ...(v.homeCommunityCode ? { homeCommunityCode: v.homeCommunityCode } : {}),
            inService: v.inService ?? false,
            ...(v.workUnit ? { workUnit: v.workUnit } : {}),
            posts: [...(v.posts ?? []), ...pioneers],
          },
        }),
      );
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal open title={t('party.addMember')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ 'data-testid': 'party-member-ok' }}>
      {error && <Alert type="error" showIcon title={error} data-testid="party-member-error" />}
      <Form form={form} layout="vertical" initialValues={{ memberType: 'full', inService: false }}>
        <Form.Item name="realName" label={t('party.realName')} rules={[{ required: true }]}>
          <Input data-testid="party-member-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('party.idNumber')} rules={[{ required: true, pattern: /^\d{17}[\dXx]$/ }]}>
          <Input data-testid="party-member-id" />
        </Form.Item>
        <Form.Item name="phone" label={t('party.phone')} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}>
          <Input data-testid="party-member-phone" />
        </Form.Item>
        <Form.Item name="memberType" label={t('party.memberType')}>
          <Select options={(['full', 'probationary'] as const).map((x) => ({ value: x, label: t(`party.memberType.${x}`) }))} />
        </Form.Item>
        <Form.Item name="homeCommunityCode" label={t('party.home')}>
          <Select allowClear showSearch optionFilterProp="label" options={communities} />
        </Form.Item>
        <Form.Item name="inService" label={t('party.inService')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="workUnit" label={t('party.workUnit')}>
          <Input />
        </Form.Item>
        <Form.Item name="posts" label={t('party.posts')}>
          <Checkbox.Group options={(['secretary', 'deputy_secretary', 'committee_member'] as const).map((p) => ({ value: p, label: t(`party.post.${p}`) }))} />
        </Form.Item>
        <Form.Item name="pioneers" label={t('party.pioneer')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OrganisationForm({ parent, onClose, onDone }: { parent: Detail; onClose(): void; onDone(id: number): void }) {
  const { t } = useI18n();
  const ref = useReference();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const places = useMemo(
    () => ref.divisions.filter((d) => d.level === 'street' || d.level === 'community').map((d) => ({ value: d.code, label: d.name })),
    [ref.divisions],
  );
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const o = await must(
        api.POST('/api/party/organisations', {
          body: {
            parentId: parent.id,
            level: v.level,
            hostType: v.hostType,
            code: v.code,
            name: v.name,
            divisionCode: v.divisionCode ?? null,
            pairedCommunityCode: v.pairedCommunityCode ?? null,
          },
        }),
      );
      onDone(o.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal open title={t('party.create')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ 'data-testid': 'party-org-ok' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Form form={form} layout="vertical" initialValues={{ level: 'branch', hostType: 'community', divisionCode: parent.divisionCode ?? undefined }}>
        <Form.Item name="code" label={t('party.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{1,32}$/ }]}>
          <Input data-testid="party-org-code" />
        </Form.Item>
        <Form.Item name="name" label={t('party.name')} rules={[{ required: true }]}>
          <Input data-testid="party-org-name" />
        </Form.Item>
        <Form.Item name="level" label={t('party.level')}>
          <Select options={LEVELS.map((l) => ({ value: l, label: t(levelKey(l)) }))} />
        </Form.Item>
        <Form.Item name="hostType" label={t('party.host')}>
          <Select options={HOSTS.map((h) => ({ value: h, label: t(`party.host.${h}`) }))} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('party.division')}>
          <Select allowClear showSearch optionFilterProp="label" options={places} />
        </Form.Item>
        <Form.Item name="pairedCommunityCode" label={t('party.paired')}>
          <Select allowClear showSearch optionFilterProp="label" options={places.filter((p) => p.value.length === 12)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PartyPage() {
  const { t } = useI18n();
  const { may } = useSession();
  const { message } = AntApp.useApp();
  const ref = useReference();
  const [showRetired, setShowRetired] = useState(false);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'org' | 'member' | 'rename' | 'move' | 'retire' | null>(null);
  const [revealing, setRevealing] = useState<Member | null>(null);
  const [text, setText] = useState('');
  const [moveTo, setMoveTo] = useState<number | undefined>();
  const [paired, setPaired] = useState<string | null>(null);
  const tree = useLoad(() => must(api.GET('/api/party/organisations', { params: { query: { includeRetired: showRetired } } })), [showRetired]);
  const detail = useLoad(
    () => (selected === null ? Promise.resolve(null) : must(api.GET('/api/party/organisations/{id}', { params: { path: { id: selected } } }))),
    [selected],
  );
  const nodes = useMemo(() => tree.data?.organisations ?? [], [tree.data]);
  const label = (n: Node) => `${n.name}（${t(levelKey(n.level))} · ${n.totalMembers}）${n.retired ? ` ${t('party.retired')}` : ''}`;
  const items = useMemo(() => {
    const q = search.trim();
    if (q === '') return buildTree(nodes, label);
    return nodes.filter((n) => n.name.includes(q) || n.code.includes(q)).map((n) => ({ key: n.id, title: label(n), children: [] }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- label depends on t only
  }, [nodes, search, t]);
  const manage = may('party.manage');
  const d = detail.data;
  const reload = () => {
    tree.reload();
    detail.reload();
  };
  const act = async (p: Promise<unknown>) => {
    try {
      await p;
      setDialog(null);
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  const communities = ref.divisions.filter((x) => x.level === 'community').map((x) => ({ value: x.code, label: x.name }));

  return (
    <Row gutter={16} data-testid="party-page">
      <Col xs={24} md={10}>
        <Card title={t('party.tree')} size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            {tree.error && <Alert type="error" showIcon title={tree.error} />}
            <Space>
              <Input.Search allowClear placeholder={t('party.search')} onChange={(e) => setSearch(e.target.value)} data-testid="party-search" />
              <Checkbox checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)}>
                {t('party.showRetired')}
              </Checkbox>
            </Space>
            <div style={{ maxHeight: '70vh', overflow: 'auto' }} data-testid="party-tree">
              {nodes.length > 0 && (
                <Tree
                  treeData={items}
                  defaultExpandedKeys={nodes.filter((n) => n.depth <= 1).map((n) => n.id)}
                  selectedKeys={selected === null ? [] : [selected]}
                  onSelect={(keys) => keys.length > 0 && setSelected(Number(keys[0]))}
                />
              )}
            </div>
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={14}>
        {d === null || d === undefined ? (
          <Card>
            <Typography.Text type="secondary">{t('party.pick')}</Typography.Text>
          </Card>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Card
              size="small"
              title={
                <Space>
                  <span data-testid="party-detail-name">{d.name}</span>
                  <Tag>{t(levelKey(d.level))}</Tag>
                  {d.retired && <Tag color="default">{t('party.retired')}</Tag>}
                </Space>
              }
              extra={
                manage &&
                !d.retired && (
                  <Space wrap>
                    {d.level !== 'branch' && (
                      <Button size="small" onClick={() => setDialog('org')} data-testid="party-create">
                        {t('party.create')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      onClick={() => {
                        setText(d.name);
                        setPaired(d.pairedCommunityCode);
                        setDialog('rename');
                      }}
                    >
                      {t('party.rename')}
                    </Button>
                    {d.parentId !== null && (
                      <Button size="small" onClick={() => setDialog('move')}>
                        {t('party.move')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        setText('');
                        setDialog('retire');
                      }}
                      data-testid="party-retire"
                    >
                      {t('party.retire')}
                    </Button>
                  </Space>
                )
              }
            >
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('party.code')}>{d.code}</Descriptions.Item>
                <Descriptions.Item label={t('party.host')}>{t(`party.host.${d.hostType}`)}</Descriptions.Item>
                <Descriptions.Item label={t('party.division')}>{d.divisionName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('party.paired')}>{d.pairedCommunityName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('party.parent')}>{d.parent?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('party.children')}>{d.children.length}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card
              size="small"
              title={`${t('party.members')} (${d.members.length})`}
              extra={
                manage &&
                d.level === 'branch' &&
                !d.retired && (
                  <Button size="small" type="primary" onClick={() => setDialog('member')} data-testid="party-add-member">
                    {t('party.addMember')}
                  </Button>
                )
              }
            >
              <Typography.Paragraph type="secondary">{t('party.masked')}</Typography.Paragraph>
              <Table<Member>
                size="small"
                rowKey="id"
                dataSource={d.members}
                pagination={{ pageSize: 20 }}
                data-testid="party-members"
                columns={[
                  { title: t('party.realName'), dataIndex: 'realName' },
                  { title: t('party.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
                  { title: t('party.memberType'), dataIndex: 'memberType', render: (v: Member['memberType']) => t(`party.memberType.${v}`) },
                  { title: t('party.posts'), dataIndex: 'postLabels', render: (v: string[]) => v.map((p) => <Tag key={p}>{p}</Tag>) },
                  {
                    title: '',
                    key: 'reveal',
                    render: (_: unknown, m: Member) =>
                      may('party.reveal') && (
                        <Button size="small" type="link" onClick={() => setRevealing(m)} data-testid={`party-reveal-${m.id}`}>
                          {t('party.reveal')}
                        </Button>
                      ),
                  },
                ]}
              />
            </Card>
          </Space>
        )}
      </Col>
      {revealing && <RevealModal member={revealing} onClose={() => setRevealing(null)} />}
      {dialog === 'member' && d && (
        <MemberForm
          organisationId={d.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog === 'org' && d && (
        <OrganisationForm
          parent={d}
          onClose={() => setDialog(null)}
          onDone={(id) => {
            setDialog(null);
            tree.reload();
            setSelected(id);
          }}
        />
      )}
      {dialog === 'rename' && d && (
        <Modal
          open
          title={t('party.rename')}
          onCancel={() => setDialog(null)}
          onOk={() =>
            void act(must(api.PATCH('/api/party/organisations/{id}', { params: { path: { id: d.id } }, body: { name: text, pairedCommunityCode: paired } })))
          }
        >
          <Form layout="vertical">
            <Form.Item label={t('party.name')}>
              <Input value={text} onChange={(e) => setText(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('party.paired')}>
              <Select allowClear showSearch optionFilterProp="label" value={paired ?? undefined} onChange={(v) => setPaired(v ?? null)} options={communities} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {dialog === 'move' && d && (
        <Modal
          open
          title={t('party.move')}
          onCancel={() => setDialog(null)}
          okButtonProps={{ disabled: moveTo === undefined }}
          onOk={() => void act(must(api.POST('/api/party/organisations/{id}/move', { params: { path: { id: d.id } }, body: { parentId: moveTo! } })))}
        >
          <Select
            showSearch
            style={{ width: '100%' }}
            placeholder={t('party.moveTo')}
            optionFilterProp="label"
            onChange={setMoveTo}
            options={nodes.filter((n) => n.level !== 'branch' && n.id !== d.id && !n.retired).map((n) => ({ value: n.id, label: `${n.name} (${n.code})` }))}
          />
        </Modal>
      )}
      {dialog === 'retire' && d && (
        <Modal
          open
          title={t('party.retire')}
          onCancel={() => setDialog(null)}
          okButtonProps={{ danger: true, disabled: text.trim().length < 2 }}
          onOk={() => void act(must(api.POST('/api/party/organisations/{id}/retire', { params: { path: { id: d.id } }, body: { reason: text } })))}
        >
          <Input placeholder={t('party.retireReason')} onChange={(e) => setText(e.target.value)} />
        </Modal>
      )}
    </Row>
  );
}
