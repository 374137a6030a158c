/** Centre page (to be built). */
import { Result } from 'antd';

export default function CentrePage() {
  return <Result status="info" title="Centre" subTitle="建设中 Under construction" />;
}
