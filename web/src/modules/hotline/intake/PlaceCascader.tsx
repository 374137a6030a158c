/**
 * Street/town → community/village picker with search as you type. Unlike the plain Cascader, Enter
 * picks the first match when no match is highlighted, so a place is chosen without the mouse.
 */
import { Cascader, type CascaderRef } from 'antd';
import { useState, type KeyboardEvent, type Ref } from 'react';
import type { PlaceOption } from '../../../shared/reference.ts';

const matches = (input: string, label: string) => label.includes(input.trim());

/** The search results in the order the Cascader lists them (parents first, as with changeOnSelect). */
export function placeMatches(options: readonly PlaceOption[], input: string): PlaceOption[][] {
  const out: PlaceOption[][] = [];
  const walk = (opts: readonly PlaceOption[], path: PlaceOption[]) => {
    for (const o of opts) {
      const p = [...path, o];
      if (p.some((x) => matches(input, x.label))) out.push(p);
      if (o.children?.length) walk(o.children, p);
    }
  };
  walk(options, []);
  return out;
}

interface Props {
  value?: string[];
  onChange?: (v: string[] | undefined) => void;
  options: PlaceOption[];
  placeholder?: string;
  /** A community (or, by Enter on a search, any place) was chosen: the caller may move the focus on. */
  onPicked?: () => void;
  ref?: Ref<CascaderRef>;
  'data-testid'?: string;
}

export default function PlaceCascader({ value, onChange, options, placeholder, onPicked, ref, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || !open || !search.trim()) return;
    const root = e.currentTarget.ownerDocument;
    if (root.querySelector('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu-item-active')) return;
    const first = placeMatches(options, search)[0];
    if (!first) return;
    e.preventDefault();
    e.stopPropagation();
    onChange?.(first.map((o) => o.value));
    setSearch('');
    setOpen(false);
    onPicked?.();
  };
  return (
    <div onKeyDownCapture={onKeyDownCapture}>
      <Cascader
        value={value}
        ref={ref}
        onChange={(v) => {
          onChange?.(v as string[] | undefined);
          if (Array.isArray(v) && v.length === 2) onPicked?.();
        }}
        options={options}
        changeOnSelect
        allowClear={false}
        open={open}
        onOpenChange={setOpen}
        showSearch={{ searchValue: search, onSearch: setSearch, filter: (input, path) => path.some((o) => matches(input, String(o.label))), limit: 30 }}
        placeholder={placeholder}
        style={{ width: '100%' }}
        data-testid={rest['data-testid']}
      />
    </div>
  );
}
