/** 党建品牌 (public, phone-sized): the district's published brands, by programme and rank. No sign-in. */
import { Alert, Card, Empty, Space, Tag, Typography } from 'antd';
import { api, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

export default function PublicBrandsPage() {
  const { t } = useI18n();
  const brands = useLoad(() => must(api.GET('/api/party/brands')), []);
  return (
    <Space orientation="vertical" style={{ width: '100%', padding: 12 }} data-testid="public-brands">
      <Typography.Title level={4}>{t('pb.published')}</Typography.Title>
      {brands.error && <Alert type="error" showIcon title={brands.error} />}
      {brands.data?.items.length === 0 && <Empty description={t('pb.noBrands')} />}
      {(brands.data?.items ?? []).map((b) => (
        <Card key={`${b.programmeId}-${b.rank}`} size="small" title={b.title} extra={<Tag color="red">#{b.rank}</Tag>} data-testid="public-brand">
          <Typography.Text strong>{b.organisationName}</Typography.Text>
          <Typography.Paragraph type="secondary">{b.programmeTitle}</Typography.Paragraph>
          <Typography.Paragraph>{b.summary}</Typography.Paragraph>
        </Card>
      ))}
    </Space>
  );
}
