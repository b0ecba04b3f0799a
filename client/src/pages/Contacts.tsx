import { ComingSoon } from '../ui/ComingSoon.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" />
      <ComingSoon
        summary="Every contact kept on this device will be listed here, online or offline."
        items={[
          'Search and filter, identified by normalized email',
          'Per contact and per CRM: pending, delivered or failed, and why',
          'Retry a failed delivery',
        ]}
      />
    </>
  );
}
