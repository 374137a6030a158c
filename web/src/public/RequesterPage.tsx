/** The requester's mobile page (to be built): submit, follow progress, rate. No sign-in. */
import { Result } from 'antd';

export default function RequesterPage() {
  return <Result status="info" title="我要反映 Submit a request" subTitle="建设中 Under construction" />;
}
