/**
 * 志愿服务 on a resident's phone, under /m/volunteer (phone first, 375 px and up): sign in (the usual
 * login), open a resident account, claim an account a station imported, see one's own account, register
 * as a volunteer (skills, areas, availability, consent to show one's name) and change the profile, see
 * one's teams, join and leave one.
 */
import { Alert, App as AntApp, Button, Card, Cascader, Checkbox, ConfigProvider, Form, Input, List, Result, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { api, errorMessage, must, type ApiError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { skillKey, SKILLS, SLOTS, WEEKDAYS, type Profile, type Skill, type Slot } from './common.ts';
import { usePlaces } from './places.ts';

const PHONE_RE = /^1[3-9]\d{9}$/;
const ID_RE = /^\d{17}[\dXx]$/;

export default function MobileVolunteerPage() {
  const { t, lang, setLang } = useI18n();
  useEffect(() => {
    document.title = t('volunteer.m.title');
  }, [t]);
  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 16, controlHeightLG: 46 } }}>
      <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="volunteer-mobile">
        <header style={{ background: '#c41d1d', color: '#fff', padding: '14px 16px 44px' }}>
          <div style={{ maxWidth: 520, margin: '0 auto', display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 12 }}>
            <div>
              <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
                {t('volunteer.m.title')}
              </Typography.Title>
              <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 14 }}>{t('volunteer.m.subtitle')}</Typography.Text>
            </div>
            <Button size="middle" ghost onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('app.lang')}
            </Button>
          </div>
        </header>
        <main style={{ maxWidth: 520, margin: '-32px auto 0', padding: '0 12px 32px' }}>
          <Routes>
            <Route index element={<Home />} />
            <Route path="register" element={<Register />} />
            <Route path="claim" element={<Claim />} />
            <Route path="*" element={<Home />} />
          </Routes>
        </main>
      </div>
    </ConfigProvider>
  );
}

function Home() {
  const { t } = useI18n();
  const { me, loading, logout, may } = useSession();
  if (loading) return <Spin />;
  if (me === null) return <SignIn />;
  // A resident's or volunteer's own account (the server's rule); staff are sent to the workbench.
  const resident = may('volunteers.self');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {resident ? (
        <>
          <MyAccount />
          <MyVolunteer />
        </>
      ) : (
        <Card>
          <Result status="info" title={t('volunteer.m.staffHint')} extra={<Link to="/">{t('volunteer.m.toWorkbench')}</Link>} />
        </Card>
      )}
      <Link to="/m/orders" data-testid="m-to-orders">
        <Button block type="primary" ghost>
          {t('orders.m.title')}
        </Button>
      </Link>
      <Button block onClick={() => void logout()} data-testid="m-logout">
        {t('volunteer.m.logout')}
      </Button>
    </Space>
  );
}

function SignIn() {
  const { t } = useI18n();
  const { login } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title={t('volunteer.m.signIn')} data-testid="m-signin">
      <Form
        layout="vertical"
        onFinish={async (v: { username: string; password: string }) => {
          setBusy(true);
          setError(null);
          try {
            await login(v.username.trim(), v.password);
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Typography.Paragraph type="secondary">{t('volunteer.m.signInHint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="username" label={t('volunteer.phone')} rules={[{ required: true }]}>
          <Input inputMode="tel" autoComplete="username" data-testid="m-signin-phone" />
        </Form.Item>
        <Form.Item name="password" label={t('volunteer.m.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="m-signin-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="m-signin-submit">
          {t('volunteer.m.signIn')}
        </Button>
      </Form>
      <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
        <Link to="/m/volunteer/register" data-testid="m-to-register">
          <Button block>{t('volunteer.m.register')}</Button>
        </Link>
        <Link to="/m/volunteer/claim">
          <Button block type="link">
            {t('volunteer.m.claim')}
          </Button>
        </Link>
      </Space>
    </Card>
  );
}

interface RegisterValues {
  phone: string;
  password: string;
  realName: string;
  idNumber: string;
  place: string[];
}

function Register() {
  const { t } = useI18n();
  const { login } = useSession();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const places = usePlaces(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title={t('volunteer.m.register')} data-testid="m-register">
      <Typography.Paragraph type="secondary">{t('volunteer.m.privacy')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="m-register-error" />}
      <Form
        layout="vertical"
        onFinish={async (v: RegisterValues) => {
          setBusy(true);
          setError(null);
          try {
            await must(
              api.POST('/api/residents', {
                body: {
                  phone: v.phone.trim(),
                  password: v.password,
                  realName: v.realName.trim(),
                  idNumber: v.idNumber.trim(),
                  communityCode: v.place[v.place.length - 1]!,
                },
              }),
            );
            await login(v.phone.trim(), v.password);
            message.success(t('volunteer.m.registered'));
            navigate('/m/volunteer');
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="phone" label={t('volunteer.phone')} rules={[{ required: true, pattern: PHONE_RE }]}>
          <Input inputMode="tel" autoComplete="username" maxLength={11} data-testid="m-register-phone" />
        </Form.Item>
        <Form.Item name="password" label={t('volunteer.m.password')} rules={[{ required: true, min: 10 }]}>
          <Input.Password autoComplete="new-password" data-testid="m-register-password" />
        </Form.Item>
        <Form.Item name="realName" label={t('volunteer.m.realName')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input autoComplete="name" data-testid="m-register-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('volunteer.idNumber')} rules={[{ required: true, pattern: ID_RE }]}>
          <Input maxLength={18} data-testid="m-register-id" />
        </Form.Item>
        <Form.Item name="place" label={t('volunteer.m.homeCommunity')} rules={[{ required: true, type: 'array', len: 2 }]}>
          <Cascader options={places} showSearch placeholder={t('volunteer.m.homeCommunity')} data-testid="m-register-place" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="m-register-submit">
          {t('volunteer.m.submit')}
        </Button>
      </Form>
      <Link to="/m/volunteer">
        <Button type="link" block>
          {t('volunteer.m.haveAccount')}
        </Button>
      </Link>
    </Card>
  );
}

function Claim() {
  const { t } = useI18n();
  const { login } = useSession();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={t('volunteer.m.claim')}>
      <Typography.Paragraph type="secondary">{t('volunteer.m.claimHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        onFinish={async (v: { phone: string; idNumber: string; password: string }) => {
          setError(null);
          try {
            await must(api.POST('/api/residents/claim', { body: { phone: v.phone.trim(), idNumber: v.idNumber.trim(), password: v.password } }));
            await login(v.phone.trim(), v.password);
            message.success(t('volunteer.m.claimed'));
            navigate('/m/volunteer');
          } catch (e) {
            setError(errorMessage(e));
          }
        }}
      >
        <Form.Item name="phone" label={t('volunteer.phone')} rules={[{ required: true, pattern: PHONE_RE }]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('volunteer.idNumber')} rules={[{ required: true, pattern: ID_RE }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="password" label={t('volunteer.m.password')} rules={[{ required: true, min: 10 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('volunteer.m.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function MyAccount() {
  const { t } = useI18n();
  const account = useLoad(() => must(api.GET('/api/residents/me')), []);
  const a = account.data;
  return (
    <Card title={t('volunteer.m.myAccount')} loading={account.loading && !a} data-testid="m-account">
      {account.error && <Alert type="error" showIcon title={account.error} />}
      {a && (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong data-testid="m-account-name">
            {a.realName}
          </Typography.Text>
          <Typography.Text type="secondary">{a.idNumber}</Typography.Text>
          <Typography.Text type="secondary">{a.phone}</Typography.Text>
          <Typography.Text>
            {a.communityName} · {a.stationName}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}

interface ProfileValues {
  skills: Skill[];
  areas?: string[][];
  slots?: string[];
  consentPublicName: boolean;
}

function MyVolunteer() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const places = usePlaces(true);
  const profile = useLoad(async () => {
    const r = await api.GET('/api/volunteers/me');
    if (r.response.status === 409) return null;
    if (r.error !== undefined || !r.data) throw r.error as ApiError;
    return r.data;
  }, []);
  const [form] = Form.useForm<ProfileValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = profile.data;
  useEffect(() => {
    if (p)
      form.setFieldsValue({
        skills: p.skills,
        areas: p.areas.map((a) => (a.length === 12 ? [a.slice(0, 9), a] : [a])),
        slots: p.availability.map((s) => `${s.weekday}:${s.slot}`),
        consentPublicName: p.consentPublicName,
      });
  }, [p, form]);
  if (profile.loading && p === undefined) return <Card loading />;
  const save = async (v: ProfileValues) => {
    setBusy(true);
    setError(null);
    const body = {
      skills: v.skills ?? [],
      areas: [...new Set((v.areas ?? []).map((x) => x[x.length - 1]!))],
      availability: (v.slots ?? []).map((s) => ({ weekday: Number(s.split(':')[0]), slot: s.split(':')[1] as Slot })),
      consentPublicName: v.consentPublicName ?? false,
    };
    try {
      if (p) await must(api.PATCH('/api/volunteers/me', { body }));
      else await must(api.POST('/api/volunteers/me', { body }));
      message.success(t('volunteer.saved'));
      await profile.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Card title={p ? t('volunteer.m.myProfile') : t('volunteer.m.becomeVolunteer')} data-testid="m-profile">
        {(error ?? profile.error) && <Alert type="error" showIcon title={error ?? profile.error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ skills: [], consentPublicName: false }}>
          <Form.Item name="skills" label={t('volunteer.skills')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" options={SKILLS.map((s) => ({ value: s, label: t(skillKey(s)) }))} data-testid="m-profile-skills" />
          </Form.Item>
          <Form.Item name="areas" label={t('volunteer.areas')}>
            <Cascader multiple changeOnSelect showSearch options={places} />
          </Form.Item>
          <Form.Item name="slots" label={t('volunteer.availability')}>
            <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'auto repeat(3, 1fr)', rowGap: 6, alignItems: 'center' }}>
              {WEEKDAYS.map((w) => [
                <Typography.Text key={`w${w}`}>{t(`volunteer.weekday.${w}` as 'volunteer.weekday.1')}</Typography.Text>,
                ...SLOTS.map((s) => (
                  <Checkbox key={`${w}:${s}`} value={`${w}:${s}`}>
                    {t(`volunteer.slot.${s}` as 'volunteer.slot.morning')}
                  </Checkbox>
                )),
              ])}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="consentPublicName"
            valuePropName="checked"
            extra={p?.consentAt ? t('volunteer.m.consentAt', { at: new Date(p.consentAt).toLocaleString() }) : undefined}
          >
            <Checkbox data-testid="m-profile-consent">{t('volunteer.m.consentLabel')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="m-profile-submit">
            {p ? t('volunteer.m.save') : t('volunteer.m.becomeVolunteer')}
          </Button>
        </Form>
      </Card>
      {p && <MyTeams profile={p} onChanged={() => void profile.reload()} />}
    </>
  );
}

function MyTeams({ profile, onChanged }: { profile: Profile; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const teams = useLoad(() => must(api.GET('/api/teams', { params: { query: { pageSize: 50 } } })), [profile.teams.length]);
  const mine = new Set(profile.teams.map((x) => x.id));
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Card title={t('volunteer.m.myTeams')} data-testid="m-teams">
        {profile.teams.length === 0 ? (
          <Typography.Text type="secondary">{t('volunteer.m.noTeams')}</Typography.Text>
        ) : (
          <List
            dataSource={profile.teams}
            renderItem={(x) => (
              <List.Item
                actions={
                  x.leader
                    ? [
                        <Tag key="l" color="red">
                          {t('volunteer.leader')}
                        </Tag>,
                      ]
                    : [
                        <Button
                          key="leave"
                          size="small"
                          onClick={() =>
                            act(() => must(api.DELETE('/api/teams/{id}/members/{userId}', { params: { path: { id: x.id, userId: profile.userId } } })))
                          }
                        >
                          {t('volunteer.m.leave')}
                        </Button>,
                      ]
                }
              >
                {x.name}
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card title={t('volunteer.m.joinTeam')}>
        <List
          loading={teams.loading}
          dataSource={(teams.data?.items ?? []).filter((x) => !mine.has(x.id))}
          renderItem={(x) => (
            <List.Item
              actions={[
                <Button
                  key="join"
                  size="small"
                  type="primary"
                  onClick={() => act(() => must(api.POST('/api/teams/{id}/join', { params: { path: { id: x.id } } })))}
                >
                  {t('volunteer.m.join')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={x.name} description={`${x.stationName} · ${x.skills.map((s) => t(skillKey(s))).join('、')}`} />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
