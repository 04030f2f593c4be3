import { useEffect, useRef, useState } from 'react';
import { Box, Loader, Text } from '@mantine/core';
import { Templates } from '../../api/templates';
import classes from './templates.module.css';

// Rendered previews by template and version, so scrolling back and forth or filtering does
// not render the same template twice.
const cache = new Map<string, string>();

/** The template rendered for a real recipient, shrunk to a card thumbnail. It renders once
 * the card scrolls into view. */
export function Thumbnail({ id, version, name }: { id: number; version: string; name: string }) {
  const key = `${id}:${version}`;
  const [html, setHtml] = useState<string | undefined>(cache.get(key));
  const [error, setError] = useState('');
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (visible || !ref.current) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '200px' });
    io.observe(ref.current);
    return () => io.disconnect();
  }, [visible]);

  useEffect(() => {
    if (!visible || cache.has(key)) return;
    let stale = false;
    Templates.preview(id, 0).then(
      (p) => {
        cache.set(key, p.html);
        if (!stale) setHtml(p.html);
      },
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      stale = true;
    };
  }, [id, key, visible]);

  return (
    <Box ref={ref} className={classes.thumb} data-testid="template-thumb">
      {html ? (
        <iframe title={`Preview of ${name}`} srcDoc={html} sandbox="" tabIndex={-1} aria-hidden className={classes.thumbFrame} />
      ) : error ? (
        <Text size="xs" c="dimmed" p="sm" lineClamp={4} title={error}>
          No preview: {error}
        </Text>
      ) : (
        <Loader size="xs" m="sm" />
      )}
    </Box>
  );
}
