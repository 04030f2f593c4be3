import { Tabs, Title, Stack } from '@mantine/core';
import { IconBuildingStore, IconTag, IconUsers } from '@tabler/icons-react';
import { Network } from '../../api/network';
import { useAsync } from '../../lib/useAsync';
import { useDataVersion } from '../../app/dataVersion';
import { navigate, useRoute } from '../../app/route';
import { PartnersTable } from './PartnersTable';
import { AdvertisersTable } from './AdvertisersTable';
import { OffersTable } from './OffersTable';
import { PartnerDrawer } from './PartnerDrawer';

const TABS = ['partners', 'advertisers', 'offers'] as const;

// #/network/<tab>[/<partner id>]: the tab and the open partner live in the URL, so reloads,
// the back button and deep links work.
export default function NetworkPage() {
  const { version } = useDataVersion();
  const route = useRoute();
  const tab = (TABS as readonly string[]).includes(route.rest[0]) ? route.rest[0] : 'partners';
  const partnerId = tab === 'partners' && route.rest[1] ? Number(route.rest[1]) : 0;
  const facets = useAsync(() => Network.facets(), [version]);

  return (
    <Stack gap="md">
      <Title order={2}>Network</Title>
      <Tabs value={tab} onChange={(v) => v && navigate('network', v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="partners" leftSection={<IconUsers size={16} />}>
            Partners
          </Tabs.Tab>
          <Tabs.Tab value="advertisers" leftSection={<IconBuildingStore size={16} />}>
            Advertisers
          </Tabs.Tab>
          <Tabs.Tab value="offers" leftSection={<IconTag size={16} />}>
            Offers
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="partners" pt="md">
          <PartnersTable facets={facets.data} onOpen={(id) => navigate('network', 'partners', String(id))} />
        </Tabs.Panel>
        <Tabs.Panel value="advertisers" pt="md">
          <AdvertisersTable facets={facets.data} />
        </Tabs.Panel>
        <Tabs.Panel value="offers" pt="md">
          <OffersTable facets={facets.data} />
        </Tabs.Panel>
      </Tabs>
      <PartnerDrawer id={partnerId} onClose={() => navigate('network', 'partners')} />
    </Stack>
  );
}
