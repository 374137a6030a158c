/** The outcome of a bulk sign, ticket by ticket: signed, or the server's reason it was not. */
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Button, List, Modal, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.tsx';

export interface SignOutcome {
  id: number;
  number: string;
  ok: boolean;
  /** The server's error message when it failed. */
  message: string | null;
}

export default function BulkSignResults({ outcomes, onClose }: { outcomes: SignOutcome[] | null; onClose(): void }) {
  const { t } = useI18n();
  const ok = outcomes?.filter((o) => o.ok).length ?? 0;
  return (
    <Modal
      open={outcomes !== null}
      title={t('work.bulkSign.title')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="bulk-sign-close">
          {t('work.bulkSign.close')}
        </Button>
      }
    >
      <Typography.Paragraph data-testid="bulk-sign-summary">{t('work.bulkSign.summary', { ok, failed: (outcomes?.length ?? 0) - ok })}</Typography.Paragraph>
      <List
        size="small"
        dataSource={outcomes ?? []}
        renderItem={(o) => (
          <List.Item data-testid={`bulk-sign-result-${o.id}`} data-ok={o.ok}>
            <List.Item.Meta
              avatar={o.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
              title={`${o.number} · ${o.ok ? t('work.bulkSign.ok') : t('work.bulkSign.failed')}`}
              description={o.message}
            />
          </List.Item>
        )}
      />
    </Modal>
  );
}
