/** English: words the shared components use and several modules show. */
import type { sharedZhCN } from './shared.zh-CN.ts';

export const sharedEn: Record<keyof typeof sharedZhCN, string> = {
  'centre.unitType.street': 'Streets/towns',
  'centre.unitType.department': 'Departments',
  'centre.unitType.enterprise': 'Public-service enterprises',
  'centre.unitType.district': 'District',
  'centre.unitType.centre': 'Command centre',
  'grid.photoCount': '{n} uploaded',
  'ticket.duration.dh': '{d}d {h}h',
  'ticket.duration.hm': '{h}h {m}m',
  'ticket.duration.m': '{m} min',
  'ticket.countdown.left': '{time} left',
  'ticket.countdown.overdue': 'Overdue by {time}',
  'ticket.countdown.doneOnTime': 'Done on time',
  'ticket.countdown.doneLate': 'Done late',
  'ticket.countdown.paused': 'Paused',
  'ticket.countdown.due': 'Due {time}',
  'ticket.state.accepted': 'Accepted',
  'ticket.state.dispatched': 'Dispatched',
  'ticket.state.objection_review': 'Objection under review',
  'ticket.state.signed': 'Signed',
  'ticket.state.handling': 'Handling',
  'ticket.state.deferred': 'Deferred',
  'ticket.state.replied': 'Replied',
  'ticket.state.callback_done': 'Called back',
  'ticket.state.closed': 'Closed',
};
