/**
 * The ledger's items, paged by the server (keyset on ticket id: the page's `after` cursors are kept,
 * and a jump ahead walks the cursors forward in large pages), with 添加工单 by number, 移出 with a
 * required reason, 导出Excel as a plain download link (cookie session, GET needs no CSRF token) and
 * 导入Excel of a 编号 column.
 */
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, must } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { StateTag } from '../hotline/index.ts';
import { apiError, fileToBase64, type LedgerItem } from './common.ts';
import { useLabels } from '../../shared/labels.ts';

const PAGE_SIZE = 20;
const MAX_IMPORT_BYTES = 72 * 1024;

interface Props {
  ledgerId: number;
  /** Items the viewer may see (the status total), for the pager. */
  total: number;
  canEdit: boolean;
  reload: number;
  /** Items were added or removed: the caller refreshes counts and summaries. */
  onChanged: () => void;
}

type ImportResult = { ok: true; added: number } | { ok: false; message: string; rows: { row: number; number: string }[] };

export default function LedgerItems({ ledgerId, total, canEdit, reload, onChanged }: Props) {
  const { t, lang } = useI18n();
  const labels = useLabels();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState(1);
  /** cursors[i] = the `after` of page i + 1. */
  const cursors = useRef<number[]>([0]);
  const [numbers, setNumbers] = useState('');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<LedgerItem | null>(null);
  const [removeForm] = Form.useForm<{ reason: string }>();
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const [importing, setImporting] = useState(false);

  const fetchPage = useCallback(
    (after: number, limit: number) => must(api.GET('/api/ledgers/{id}/items', { params: { path: { id: ledgerId }, query: { after, limit } } })),
    [ledgerId],
  );

  // A change (add, remove, import) may shift every page: start the cursors again.
  useEffect(() => {
    cursors.current = [0];
    setPage(1);
  }, [reload]);

  const {
    data: items,
    loading,
    error,
  } = useLoad(
    async () => {
      const c = cursors.current;
      // Walk forward to the wanted page's cursor from the last one known.
      while (c.length < page) {
        const known = c.length - 1;
        const r = await fetchPage(c[known]!, Math.min(500, (page - 1 - known) * PAGE_SIZE));
        for (let i = PAGE_SIZE - 1; i < r.items.length; i += PAGE_SIZE) c[known + (i + 1) / PAGE_SIZE] = r.items[i]!.ticketId;
        if (r.nextAfter === null) break;
      }
      const r = await fetchPage(c[Math.min(page, c.length) - 1]!, PAGE_SIZE);
      if (r.items.length === PAGE_SIZE) c[page] = r.items[PAGE_SIZE - 1]!.ticketId;
      return r.items;
    },
    [page, fetchPage, reload],
    { initial: [] as LedgerItem[] },
  );

  const add = async () => {
    const list = [...new Set(numbers.split(/[\s,，、;；]+/).filter(Boolean))];
    if (list.length === 0) return;
    setAdding(true);
    try {
      const r = await must(api.POST('/api/ledgers/{id}/items', { params: { path: { id: ledgerId } }, body: { numbers: list } }));
      void message.success(t('ledger.add.done', { n: r.added }));
      setNumbers('');
      onChanged();
    } catch (e) {
      const err = apiError(e);
      const missing = (err?.details as { numbers?: string[] } | undefined)?.numbers;
      void message.error(
        err?.code === 'LEDGER.UNKNOWN_TICKETS' && missing?.length ? t('ledger.add.unknown', { v: missing.join(t('ledger.rule.sep')) }) : errorMessage(e),
      );
    } finally {
      setAdding(false);
    }
  };

  const remove = async () => {
    if (removing === null) return;
    const { reason } = await removeForm.validateFields();
    try {
      await must(
        api.DELETE('/api/ledgers/{id}/items/{ticketId}', { params: { path: { id: ledgerId, ticketId: removing.ticketId }, query: { reason: reason.trim() } } }),
      );
      void message.success(t('ledger.remove.done'));
      setRemoving(null);
      onChanged();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const importFile = async (file: File) => {
    setImportResult(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setImportResult({ ok: false, message: t('ledger.import.tooLarge'), rows: [] });
      return;
    }
    setImporting(true);
    try {
      const contentBase64 = await fileToBase64(file);
      const r = await must(api.POST('/api/ledgers/{id}/import', { params: { path: { id: ledgerId } }, body: { contentBase64 } }));
      setImportResult({ ok: true, added: r.added });
      onChanged();
    } catch (e) {
      const err = apiError(e);
      const rows = (err?.details as { rows?: { row: number; number: string }[] } | undefined)?.rows ?? [];
      setImportResult({ ok: false, message: err ? `${t('ledger.import.failed')}：${err.message} (${err.code})` : errorMessage(e), rows });
    } finally {
      setImporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('ledger.items.title')}
      data-testid="ledger-items"
      extra={
        <Space wrap>
          {canEdit ? (
            <Space.Compact>
              <Input
                value={numbers}
                onChange={(e) => setNumbers(e.target.value)}
                onPressEnter={() => void add()}
                placeholder={t('ledger.add.placeholder')}
                style={{ width: 280 }}
                data-testid="ledger-add-numbers"
              />
              <Button icon={<PlusOutlined />} loading={adding} onClick={() => void add()} data-testid="ledger-add-submit">
                {t('ledger.add.submit')}
              </Button>
            </Space.Compact>
          ) : null}
          {canEdit ? (
            <Tooltip title={t('ledger.import.hint')}>
              <Upload
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                showUploadList={false}
                beforeUpload={(file) => {
                  void importFile(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={importing} data-testid="ledger-import">
                  {t('ledger.import')}
                </Button>
              </Upload>
            </Tooltip>
          ) : null}
          <Button icon={<DownloadOutlined />} href={`/api/ledgers/${ledgerId}/export.xlsx`} download data-testid="ledger-export">
            {t('ledger.export')}
          </Button>
        </Space>
      }
    >
      {importResult ? (
        <Alert
          style={{ marginBottom: 12 }}
          type={importResult.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setImportResult(null)}
          data-testid="ledger-import-result"
          title={importResult.ok ? t('ledger.import.done', { n: importResult.added }) : importResult.message}
          description={
            !importResult.ok && importResult.rows.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {importResult.rows.slice(0, 50).map((r) => (
                  <li key={`${r.row}-${r.number}`}>{t('ledger.import.row', { row: r.row, number: r.number })}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Table<LedgerItem>
        rowKey="ticketId"
        size="small"
        loading={loading}
        dataSource={items}
        data-testid="ledger-items-table"
        scroll={{ x: 1500 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('ledger.items.total', { n }) }}
        onRow={(r) => ({ 'data-testid': `ledger-item-${r.number}` }) as object}
        columns={[
          {
            title: t('ledger.items.number'),
            dataIndex: 'number',
            width: 170,
            render: (n: string, r) => (
              <Link to={`/tickets/${r.ticketId}`} data-testid="ledger-item-number">
                {n}
              </Link>
            ),
          },
          {
            title: t('ledger.items.title2'),
            dataIndex: 'title',
            width: 260,
            ellipsis: true,
            render: (v: string, r) => <Tooltip title={r.content}>{v || r.content}</Tooltip>,
          },
          { title: t('ledger.items.kind'), dataIndex: 'kind', width: 100, render: (k: string) => labels.kind(k, lang) },
          { title: t('ledger.items.source'), dataIndex: 'source', width: 100, render: (s: string) => labels.source(s, lang) },
          { title: t('ledger.items.category'), dataIndex: 'category', width: 130, ellipsis: true },
          { title: t('ledger.items.place'), dataIndex: 'place', width: 180, ellipsis: true },
          { title: t('ledger.items.leadUnit'), dataIndex: 'leadUnit', width: 130, ellipsis: true },
          {
            title: t('ledger.items.state'),
            dataIndex: 'state',
            width: 130,
            render: (s: string) => (
              <span data-testid="ledger-item-state" data-state={s}>
                <StateTag state={s} />
              </span>
            ),
          },
          {
            title: t('ledger.items.due'),
            dataIndex: 'replyDueAt',
            width: 190,
            render: (v: string | null, r) => (
              <Space size={4}>
                <span>{formatTime(v)}</span>
                {r.overdue ? (
                  <Tag color="red" data-testid="ledger-item-overdue">
                    {t('ledger.items.overdue')}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('ledger.items.origin'),
            dataIndex: 'manual',
            width: 90,
            render: (m: boolean) => (
              <Tag color={m ? 'purple' : 'default'} data-testid="ledger-item-origin" data-manual={String(m)}>
                {m ? t('ledger.items.byHand') : t('ledger.items.byRule')}
              </Tag>
            ),
          },
          ...(canEdit
            ? [
                {
                  title: t('ledger.items.actions'),
                  key: 'actions',
                  width: 80,
                  fixed: 'right' as const,
                  render: (_: unknown, r: LedgerItem) => (
                    <Button
                      size="small"
                      danger
                      type="link"
                      onClick={() => {
                        removeForm.resetFields();
                        setRemoving(r);
                      }}
                      data-testid="ledger-item-remove"
                    >
                      {t('ledger.items.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={removing !== null}
        title={removing ? t('ledger.remove.title', { number: removing.number }) : ''}
        okText={t('ledger.remove.ok')}
        okButtonProps={{ danger: true, 'data-testid': 'ledger-remove-ok' }}
        cancelText={t('common.cancel')}
        onOk={() => void remove()}
        onCancel={() => setRemoving(null)}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('ledger.remove.hint')}</Typography.Paragraph>
        <Form form={removeForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t('ledger.remove.reason')}
            rules={[{ required: true, whitespace: true, message: t('ledger.remove.reasonRequired') }, { max: 500 }]}
          >
            <Input.TextArea rows={3} data-testid="ledger-remove-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
