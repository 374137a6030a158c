/** Ticket page (to be built). */
import { Result } from 'antd';

export default function TicketPage() {
  return <Result status="info" title="Ticket" subTitle="建设中 Under construction" />;
}
