import { Tabs } from '@mantine/core';
import { IconBell, IconHistory, IconPlugConnected } from '@tabler/icons-react';
import { Page } from '../../components/Page';
import { useUrlState } from '../../lib/url-state';
import { ChannelsPanel } from './ChannelsPanel';
import { DeliveriesPanel } from './DeliveriesPanel';
import { RulesPanel } from './RulesPanel';

/** Alerting: rules that route incidents to channels, and the channels themselves. */
export default function AlertsView() {
  const { get, set } = useUrlState();
  const tab = get('tab', 'rules');
  return (
    <Page title="Alerts" subtitle="Who hears about which incidents, and how; and what was sent." testId="alerts">
      <Tabs value={tab} onChange={(v) => set({ tab: v === 'rules' ? null : v })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="rules" leftSection={<IconBell size={16} />}>
            Rules
          </Tabs.Tab>
          <Tabs.Tab value="channels" leftSection={<IconPlugConnected size={16} />} data-testid="channels-tab">
            Channels
          </Tabs.Tab>
          <Tabs.Tab value="deliveries" leftSection={<IconHistory size={16} />}>
            Deliveries
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules">
          <RulesPanel onChannels={() => set({ tab: 'channels' })} />
        </Tabs.Panel>
        <Tabs.Panel value="channels">
          <ChannelsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="deliveries">
          <DeliveriesPanel />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
