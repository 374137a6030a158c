/**
 * The unit the dispatch catalogue suggests for the category and place, and why (or that it fell back);
 * once the operator chose other units, a button puts the suggestion back.
 */
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.tsx';
import type { RoutingSuggestion } from '../ticket-types.ts';

export interface SuggestionCardProps {
  suggestion: RoutingSuggestion | null;
  leadTouched: boolean;
  unitName(id: number): string;
  onUseSuggestion(suggestion: RoutingSuggestion): void;
}

export default function SuggestionCard({ suggestion, leadTouched, unitName, onUseSuggestion }: SuggestionCardProps) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('ticket.intake.suggestTitle')} data-testid="intake-suggestion">
      {suggestion ? (
        <Space orientation="vertical" size={4}>
          <span>
            <b data-testid="intake-suggested-unit">{suggestion.leadUnit.name}</b>{' '}
            {suggestion.fallback ? <Tag color="orange">{t('ticket.fallback')}</Tag> : <Tag color="green">{t('ticket.intake.catalogue')}</Tag>}
          </span>
          <Typography.Text type="secondary" data-testid="intake-suggestion-reason">
            {suggestion.reason}
          </Typography.Text>
          {suggestion.coUnitIds.length ? (
            <span>
              {t('ticket.field.coUnits')}: {suggestion.coUnitIds.map(unitName).join('、')}
            </span>
          ) : null}
          {leadTouched ? (
            <Button size="small" onClick={() => onUseSuggestion(suggestion)}>
              {t('ticket.intake.useSuggestion')}
            </Button>
          ) : null}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('ticket.intake.suggestEmpty')}</Typography.Text>
      )}
    </Card>
  );
}
