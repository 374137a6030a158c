/** Callback page (to be built). */
import { Result } from 'antd';

export default function CallbackPage() {
  return <Result status="info" title="Callback" subTitle="建设中 Under construction" />;
}
