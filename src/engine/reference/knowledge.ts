/** The knowledge base operators answer consultations from. */
import { searchKnowledge } from './reference.repository.ts';
import type { AppContext } from '../context.ts';

export async function searchKnowledgeBase(ctx: AppContext, text: string, categoryId: number | undefined) {
  const rows = await searchKnowledge(ctx.database.db, text.trim(), categoryId, 20);
  return rows.map((r) => ({ id: r.id, title: r.title, content: r.content, categoryId: r.categoryId, keywords: r.keywords }));
}
