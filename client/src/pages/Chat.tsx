import { ComingSoon } from '../ui/ComingSoon.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export function ChatPage() {
  return (
    <>
      <PageHeader title="Chat" />
      <ComingSoon
        summary="An assistant that works with your Outpost data."
        items={[
          'Search contacts, enroll them in campaigns and start imports by asking',
          'Uses your own LLM API key, kept encrypted on this device',
        ]}
      />
    </>
  );
}
