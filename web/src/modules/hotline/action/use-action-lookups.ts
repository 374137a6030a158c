/**
 * What an action's form looks up: the dispatch catalogue's suggestion for the ticket's category and place
 * (dispatch, reassign, an objection's decision; a dispatch starts with it), and knowledge-base articles
 * for a direct answer (the words typed, else the ticket's category). A failed look-up shows nothing.
 */
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import type { Knowledge, RoutingSuggestion, TicketDetails } from '../ticket-types.ts';
import type { ActionValues } from './action-bodies.ts';
import type { ActionType } from './post-action.ts';

export function useRoutingSuggestion(type: ActionType | undefined, ticket: TicketDetails, form: FormInstance<ActionValues>): RoutingSuggestion | null {
  const [suggestion, setSuggestion] = useState<RoutingSuggestion | null>(null);
  useEffect(() => {
    setSuggestion(null);
    if (type !== 'dispatch' && type !== 'decideObjection' && type !== 'reassign') return;
    let live = true;
    api
      .GET('/api/routing/suggest', {
        params: {
          query: {
            categoryId: ticket.category?.id,
            ...(ticket.community ? { communityCode: ticket.community.code } : ticket.street ? { streetCode: ticket.street.code } : {}),
          },
        },
      })
      .then((r) => {
        if (!live || !r.data) return;
        setSuggestion(r.data);
        if (type === 'dispatch')
          form.setFieldsValue({ leadUnitId: r.data.leadUnitId, coUnitIds: r.data.coUnitIds, fallback: r.data.fallback, reason: r.data.reason });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [type, ticket, form]);
  return suggestion;
}

export function useKnowledgeArticles(type: ActionType | undefined, ticket: TicketDetails, query: string): Knowledge[] {
  const [items, setItems] = useState<Knowledge[]>([]);
  useEffect(() => {
    if (type !== 'answerDirectly') return;
    let live = true;
    const q = query.trim();
    const h = setTimeout(() => {
      api
        .GET('/api/knowledge', { params: { query: q ? { q } : ticket.category ? { categoryId: ticket.category.id } : {} } })
        .then((r) => live && setItems(r.data?.items ?? []))
        .catch(() => {});
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [type, query, ticket]);
  return items;
}
