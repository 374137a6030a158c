/** Analytics page (to be built). */
import { Result } from 'antd';

export default function AnalyticsPage() {
  return <Result status="info" title="Analytics" subTitle="建设中 Under construction" />;
}
