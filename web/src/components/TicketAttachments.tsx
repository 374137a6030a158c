/** Photos and files attached to a ticket (placeholder until attachments land). */
export default function TicketAttachments(_props: { ticketId: number }) {
  return null;
}
