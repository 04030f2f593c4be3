import { useEffect, useState } from 'react';
import { Select } from '@mantine/core';
import { call } from '../../api/transport';

interface Profile {
  id: number;
  name: string;
  host: string;
  isDefault: boolean;
}

/** Which SMTP profile sends the message; none means the default profile. */
export function ProfileSelect({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  useEffect(() => {
    call<Profile[]>('SMTP', 'List').then(setProfiles, () => setProfiles([]));
  }, []);
  return (
    <Select
      label="Send through"
      placeholder={profiles.length === 0 ? 'No SMTP profile yet (Settings)' : 'The default SMTP profile'}
      clearable
      value={value ? String(value) : null}
      onChange={(v) => onChange(v ? Number(v) : null)}
      data={profiles.map((p) => ({ value: String(p.id), label: `${p.name} (${p.host})${p.isDefault ? ' · default' : ''}` }))}
      data-testid="message-profile"
    />
  );
}
