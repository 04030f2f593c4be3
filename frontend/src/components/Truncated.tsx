import { Text, type TextProps } from '@mantine/core';

interface Props extends TextProps {
  text: string | null | undefined;
  /** Max width in px or any CSS length; the cell never grows past it. */
  w?: number | string;
}

// One line, cut with an ellipsis, the full text in a native tooltip: long partner names
// (or names with markup characters, which React renders as text) never break a table row.
export function Truncated({ text, w = 240, ...rest }: Props) {
  const value = text || '—';
  return (
    <Text size="sm" truncate="end" title={value} maw={w} {...rest}>
      {value}
    </Text>
  );
}
