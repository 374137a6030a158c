/** Admin page (to be built). */
import { Result } from 'antd';

export default function AdminPage() {
  return <Result status="info" title="Admin" subTitle="建设中 Under construction" />;
}
