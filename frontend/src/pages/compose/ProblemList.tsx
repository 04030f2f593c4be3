import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import type { Problem } from '../../api/messages';

const fieldLabel: Record<string, string> = {
  subject: 'Subject',
  body: 'Body',
  offers: 'Offers',
  recipients: 'Recipients',
  fromEmail: 'From',
  replyTo: 'Reply-to',
  tracking: 'Tracking',
  settings: 'Settings',
  smtpProfileId: 'SMTP profile',
};

export function where(p: Problem): string {
  const f = fieldLabel[p.field] ?? p.field;
  return p.line > 0 ? `${f}, line ${p.line}, column ${p.column}` : f;
}

/** The validation findings of the draft, errors first, each with its place. */
export function ProblemList({ problems, pending }: { problems: Problem[] | undefined; pending: boolean }) {
  if (!problems) return null;
  const errors = problems.filter((p) => p.severity === 'error');
  const infos = problems.filter((p) => p.severity !== 'error');
  if (errors.length === 0) {
    return (
      <Alert color="teal" icon={<IconCircleCheck />} py="xs" data-testid="problems-none">
        <Text size="sm">Ready to send{pending ? ' (checking…)' : ''}.</Text>
        {infos.map((p) => (
          <Text key={p.message} size="xs" c="dimmed" data-testid="problem-info">
            {where(p)}: {p.message}
          </Text>
        ))}
      </Alert>
    );
  }
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle />}
      title={`${errors.length} problem${errors.length === 1 ? '' : 's'} to fix before sending${pending ? ' (checking…)' : ''}`}
      data-testid="problems"
    >
      <List size="sm" spacing={2}>
        {errors.map((p, i) => (
          <List.Item key={`${i}:${p.message}`} data-testid="problem">
            <b>{where(p)}</b>: {p.message}
          </List.Item>
        ))}
        {infos.map((p) => (
          <List.Item key={p.message} icon={<IconInfoCircle size={14} />} data-testid="problem-info">
            <Text size="xs" c="dimmed" span>
              {where(p)}: {p.message}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
