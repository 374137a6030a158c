/** Inbox page (to be built). */
import { Result } from 'antd';

export default function InboxPage() {
  return <Result status="info" title="Inbox" subTitle="建设中 Under construction" />;
}
