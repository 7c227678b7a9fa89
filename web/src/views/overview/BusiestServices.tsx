import { Table } from '@mantine/core';
import { useLocation } from 'wouter';
import { useServiceActivity } from '../../api/templates';
import { Sparkline } from '../../components/Sparkline';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { formatCount, formatShare } from '../../lib/format';

/** The loudest services in the range, with their problem share and trend; a row opens their lines. */
export function BusiestServices({ from, to, carry }: { from: number; to: number; carry: string }) {
  const services = useServiceActivity(from, to, 10);
  const [, navigate] = useLocation();
  if (services.isPending) return <LoadingState label="Ranking services…" compact />;
  if (services.isError) return <ErrorView error={services.error} onRetry={() => void services.refetch()} feature="Busiest services" compact />;
  if (services.data.services.length === 0) return <EmptyView title="No service logged in this range" description="Widen the range, or check that logs are arriving." compact />;
  return (
    <Table highlightOnHover verticalSpacing={4} data-testid="busiest-services">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Service</Table.Th>
          <Table.Th ta="right">Lines</Table.Th>
          <Table.Th ta="right">Warn+</Table.Th>
          <Table.Th>Trend</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {services.data.services.map((s) => (
          <Table.Tr key={s.name} style={{ cursor: 'pointer' }} onClick={() => navigate(`/logs${carry}${carry === '' ? '?' : '&'}q=${encodeURIComponent(`service:${s.name}`)}`)}>
            <Table.Td fw={500}>{s.name}</Table.Td>
            <Table.Td ta="right">{formatCount(s.count)}</Table.Td>
            <Table.Td ta="right" c={s.problemShare > 0.05 ? 'red' : undefined}>
              {formatShare(s.problemShare)}
            </Table.Td>
            <Table.Td>
              <Sparkline values={s.series} width={100} height={20} label={`${s.name} trend`} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

