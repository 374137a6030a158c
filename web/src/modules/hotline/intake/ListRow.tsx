/** One entry of a side list on the intake workbench: title and text, with its action on the right. */
import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export default function ListRow({ title, description, action, testId }: { title: ReactNode; description: ReactNode; action: ReactNode; testId?: string }) {
  return (
    <Flex gap={12} align="center" style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }} data-testid={testId}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontWeight: 500 }}>{title}</div>
        <Typography.Text type="secondary">{description}</Typography.Text>
      </div>
      {action}
    </Flex>
  );
}
