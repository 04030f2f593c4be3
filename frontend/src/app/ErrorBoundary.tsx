import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';

interface Props {
  /** What failed, for the message: "the Network area". */
  where: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

// Keeps a crash in one area from blanking the whole window; the rest of the shell stays
// usable and the user can retry the area.
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.where} crashed`, error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" icon={<IconBug />} title={`Something went wrong in ${this.props.where}`} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">The rest of the app still works. Try again; if it keeps happening, copy this message into a bug report.</Text>
          <Code block style={{ maxWidth: '100%', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {error.message}
          </Code>
          <Button variant="light" color="red" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
}
