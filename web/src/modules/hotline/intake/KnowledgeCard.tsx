/** For a consultation: knowledge-base articles found by the words typed (else the category), each answerable directly. */
import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Tag } from 'antd';
import type { Category } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import type { Knowledge } from '../ticket-types.ts';
import ListRow from './ListRow.tsx';

export interface KnowledgeCardProps {
  query: string;
  onQuery(text: string): void;
  items: readonly Knowledge[];
  categoryById: ReadonlyMap<number, Category>;
  busy: boolean;
  onAnswer(article: Knowledge): void;
}

export default function KnowledgeCard({ query, onQuery, items, categoryById, busy, onAnswer }: KnowledgeCardProps) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('ticket.intake.kbTitle')} data-testid="intake-kb">
      <Input
        prefix={<SearchOutlined />}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        placeholder={t('ticket.intake.kbPlaceholder')}
        allowClear
        data-testid="intake-kb-search"
        style={{ marginBottom: 8 }}
      />
      {items.length ? (
        <div>
          {items.map((k) => (
            <ListRow
              key={k.id}
              testId={`intake-kb-item-${k.id}`}
              title={
                <span>
                  {k.title}
                  {k.categoryId !== null && categoryById.get(k.categoryId) ? (
                    <Tag style={{ marginInlineStart: 6 }}>{categoryById.get(k.categoryId)!.name}</Tag>
                  ) : null}
                </span>
              }
              description={k.content}
              action={
                <Button size="small" type="primary" disabled={busy} data-testid={`intake-kb-answer-${k.id}`} onClick={() => onAnswer(k)}>
                  {t('ticket.intake.answerDirectly')}
                </Button>
              }
            />
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticket.intake.kbEmpty')} />
      )}
    </Card>
  );
}
