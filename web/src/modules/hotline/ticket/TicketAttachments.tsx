/**
 * The photos of a ticket (the requester's from the public page, the unit's result photos, others),
 * with a preview gallery; the centre and the ticket's own units may add photos (the server says so in
 * `mayAttach`).
 */
import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Image, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import type { paths } from '../../../api-types';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { MAX_PHOTOS, photoUrl, prepareImage, uploadPhoto } from '../../../shared/photos.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useI18n } from '../../../shell/i18n.tsx';

type List = paths['/api/tickets/{id}/attachments']['get']['responses'][200]['content']['application/json'];
type Purpose = List['items'][number]['purpose'];

const PURPOSE_COLOR: Record<Purpose, string> = { request: 'blue', reply: 'green', other: 'default' };

export default function TicketAttachments({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [purpose, setPurpose] = useState<Exclude<Purpose, 'request'>>('reply');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { data: list, reload: load } = useLoad(
    (): Promise<List> => must(api.GET('/api/tickets/{id}/attachments', { params: { path: { id: ticketId } } })),
    [ticketId],
    {
      onError: (m) => void message.error(t('public.attachments.loadFailed', { message: m })),
    },
  );

  const upload = async (files: FileList | null) => {
    const chosen = Array.from(files ?? []).slice(0, MAX_PHOTOS);
    if (chosen.length === 0) return;
    setBusy(true);
    try {
      const ids: number[] = [];
      for (const f of chosen) ids.push(await uploadPhoto('staff', await prepareImage(f)));
      await must(api.POST('/api/tickets/{id}/attachments', { params: { path: { id: ticketId } }, body: { attachmentIds: ids, purpose } }));
      void message.success(t('public.attachments.uploaded', { count: ids.length }));
      await load();
    } catch (e) {
      void message.error(t('public.attachments.failed', { message: errorMessage(e) }));
    } finally {
      setBusy(false);
    }
  };

  const items = list?.items ?? [];
  return (
    <Card
      title={`${t('public.attachments.title')}${items.length ? ` (${items.length})` : ''}`}
      size="small"
      data-testid="ticket-attachments"
      extra={
        list?.mayAttach ? (
          <Space size="small">
            <Select
              size="small"
              value={purpose}
              onChange={setPurpose}
              aria-label={t('public.attachments.purpose')}
              options={(['reply', 'other'] as const).map((p) => ({ value: p, label: t(`public.attachments.purpose.${p}`) }))}
              style={{ width: 110 }}
              data-testid="attachment-purpose"
            />
            <Button size="small" icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="attachment-upload">
              {t('public.attachments.add')}
            </Button>
            <input
              ref={input}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              style={{ display: 'none' }}
              data-testid="attachment-input"
              onChange={(e) => {
                void upload(e.target.files);
                e.target.value = '';
              }}
            />
          </Space>
        ) : null
      }
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('public.attachments.empty')} />
      ) : (
        <Image.PreviewGroup>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
            {items.map((a) => (
              <div key={a.id} style={{ width: 104 }} data-testid={`attachment-${a.id}`}>
                <Image
                  src={photoUrl(a.id)}
                  width={104}
                  height={104}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  alt={t(`public.attachments.purpose.${a.purpose}`)}
                />
                <div style={{ marginTop: 4 }}>
                  <Tag color={PURPOSE_COLOR[a.purpose]} style={{ marginInlineEnd: 0 }}>
                    {t(`public.attachments.purpose.${a.purpose}`)}
                  </Tag>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {dayjs(a.createdAt).format('MM-DD HH:mm')}
                </Typography.Text>
              </div>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}
