/**
 * Photos from the phone camera or gallery, shrunk in the browser and uploaded one by one as the
 * signed-in user's unattached photos (POST /api/attachments); the parent gets the ids of the uploaded
 * ones. Remount it (a new `key`) to clear it.
 */
import { Tag, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useI18n } from '../shell/i18n.tsx';
import { errorMessage } from './api.ts';
import { prepareImage, uploadPhoto } from './photos.ts';

export interface PhotoPickerProps {
  max: number;
  onChange(ids: number[]): void;
  onBusy?(busy: boolean): void;
  onError?(message: string): void;
  'data-testid'?: string;
}

export default function PhotoPicker({ max, onChange, onBusy, onError, ...rest }: PhotoPickerProps) {
  const { t } = useI18n();
  const [list, setList] = useState<UploadFile<number>[]>([]);
  const testId = rest['data-testid'];
  const done = list.filter((f) => f.status === 'done' && typeof f.response === 'number').length;
  return (
    <div data-testid={testId}>
      <Upload<number>
        accept="image/*"
        capture="environment"
        listType="picture-card"
        maxCount={max}
        multiple={max > 1}
        fileList={list}
        onChange={({ fileList }) => {
          setList(fileList);
          onChange(fileList.filter((f) => f.status === 'done' && typeof f.response === 'number').map((f) => f.response as number));
          onBusy?.(fileList.some((f) => f.status === 'uploading'));
        }}
        customRequest={async (o) => {
          try {
            const id = await uploadPhoto('staff', await prepareImage(o.file as File));
            o.onSuccess?.(id);
          } catch (e) {
            onError?.(errorMessage(e));
            o.onError?.(e as Error);
          }
        }}
      >
        {list.length < max ? '+' : null}
      </Upload>
      {done > 0 ? (
        <Tag color="green" data-testid={testId ? `${testId}-count` : undefined} data-count={done}>
          {t('grid.photoCount', { n: done })}
        </Tag>
      ) : null}
    </div>
  );
}
