/** Rankings page (to be built). */
import { Result } from 'antd';

export default function RankingsPage() {
  return <Result status="info" title="Rankings" subTitle="建设中 Under construction" />;
}
