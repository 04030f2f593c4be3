import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { nav } from '../../app/nav';

/** The way out of an empty network: a link to the import area, once that area exists. */
export function ImportLink() {
  const entry = nav.find((n) => n.id === 'import');
  if (!entry) return null;
  return (
    <Button component="a" href={`#/${entry.id}`} variant="light" leftSection={<IconFileImport size={16} />}>
      {entry.label}
    </Button>
  );
}
