import { Button, Center, Code, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconClockExclamation, IconCloudOff, IconMoodEmpty, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../api/client';

/** A spinner with what is being loaded, so a slow answer does not look like a hang. */
export function LoadingState({ label, compact = false }: { label: string; compact?: boolean }) {
  return (
    <Center py={compact ? 'md' : 60} data-testid="loading-state" role="status">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Group>
    </Center>
  );
}

/** Nothing to show, with why and what to try next. */
export function EmptyView({ title, description, action, compact = false }: { title: string; description: ReactNode; action?: ReactNode; compact?: boolean }) {
  return (
    <Center py={compact ? 'md' : 48} data-testid="empty-state">
      <EmptyState size={compact ? 'sm' : 'md'} icon={<IconMoodEmpty size={compact ? 22 : 30} />} withIndicatorBackground title={title} description={description} maw={520}>
        {action !== undefined && <EmptyState.Actions>{action}</EmptyState.Actions>}
      </EmptyState>
    </Center>
  );
}

interface Advice {
  readonly title: string;
  readonly text: ReactNode;
  readonly icon: ReactNode;
}

/** "no template 12" → "No template 12": server messages start lower-case, sentences here do not. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Turns an error into a title and what the user can do about it. */
function advise(error: unknown, feature: string): Advice {
  if (error instanceof ApiError) {
    if (error.code === 'network') {
      return { title: 'The server is not answering', text: 'Check that logsift is running (npm start), then retry.', icon: <IconPlugConnectedX size={30} /> };
    }
    if (error.isMissingRoute) {
      return {
        title: `${feature} is not available on this server`,
        text: (
          <>
            This logsift server does not have the API for it (<Code>{error.message.replace(/^no route /, '')}</Code>). Update logsift and restart it.
          </>
        ),
        icon: <IconCloudOff size={30} />,
      };
    }
    if (error.code === 'invalid_query' || error.code === 'bad_request') {
      return { title: 'The query was not understood', text: `${sentence(error.message)}. Fix it and search again.`, icon: <IconAlertCircle size={30} /> };
    }
    if (error.code === 'not_found') {
      return { title: 'Not found', text: `${sentence(error.message)}. It may have expired with retention, or the link is wrong.`, icon: <IconAlertCircle size={30} /> };
    }
    return { title: `The server answered ${error.status}`, text: `${sentence(error.message)}. ${error.retryable ? 'This is usually temporary: retry in a moment.' : 'Retrying will not help; check the server log.'}`, icon: <IconAlertCircle size={30} /> };
  }
  return { title: 'Something went wrong', text: sentence(error instanceof Error ? error.message : String(error)), icon: <IconAlertCircle size={30} /> };
}

/** A failed load: what happened, what to do, and a retry button when a retry can help. */
export function ErrorView({
  error,
  onRetry,
  feature = 'This view',
  compact = false,
  action,
}: {
  error: unknown;
  onRetry?: () => void;
  feature?: string;
  compact?: boolean;
  /** Somewhere better to go than retrying (e.g. back to a list). */
  action?: ReactNode;
}) {
  const advice = advise(error, feature);
  // Retrying only helps when the error might go away by itself.
  const canRetry = onRetry !== undefined && !(error instanceof ApiError && (error.isMissingRoute || ['invalid_query', 'bad_request', 'not_found'].includes(error.code)));
  return (
    <Center py={compact ? 'md' : 48} data-testid="error-state" role="alert">
      <EmptyState size={compact ? 'sm' : 'md'} variant="light" color="red" icon={advice.icon} title={advice.title} description={advice.text} maw={560}>
        {(canRetry || action !== undefined) && (
          <EmptyState.Actions>
            {canRetry && (
              <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={onRetry}>
                Retry
              </Button>
            )}
            {action}
          </EmptyState.Actions>
        )}
      </EmptyState>
    </Center>
  );
}

/** The URL's time range does not parse: say why and offer a sane one. */
export function RangeErrorView({ message, onReset, resetLabel = 'Last 15 minutes' }: { message: string; onReset: () => void; resetLabel?: string }) {
  return (
    <Center py={48} data-testid="error-state" role="alert">
      <EmptyState size="md" variant="light" color="yellow" icon={<IconClockExclamation size={30} />} title="This time range is not valid" description={`${sentence(message)}.`} maw={560}>
        <EmptyState.Actions>
          <Button variant="light" onClick={onReset}>
            Use the {resetLabel.toLowerCase()}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}

export function NotFoundView() {
  return (
    <Stack align="center" py={60}>
      <EmptyView
        title="There is no such page"
        description="The link may be mistyped. Start from the overview or search the logs."
        action={
          <Group>
            <Button component={Link} href="/overview">
              Overview
            </Button>
            <Button component={Link} href="/logs" variant="light">
              Search logs
            </Button>
          </Group>
        }
      />
    </Stack>
  );
}
