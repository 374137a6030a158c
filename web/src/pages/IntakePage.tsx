/** Intake page (to be built). */
import { Result } from 'antd';

export default function IntakePage() {
  return <Result status="info" title="Intake" subTitle="建设中 Under construction" />;
}
