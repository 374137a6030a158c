/**
 * Thumbnails of a record's photos (a 双报到 service record, a household visit …), opening a preview
 * group; each module serves its records' photos from a route of its own (`url`), which checks who may
 * see the record.
 */
import { Image } from 'antd';

export interface RecordPhotosProps {
  ids: readonly number[];
  url(id: number): string;
  size?: number;
  'data-testid'?: string;
}

export default function RecordPhotos({ ids, url, size = 48, ...rest }: RecordPhotosProps) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }} data-testid={rest['data-testid']} data-count={ids.length}>
        {ids.map((id) => (
          <Image key={id} src={url(id)} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </span>
    </Image.PreviewGroup>
  );
}
