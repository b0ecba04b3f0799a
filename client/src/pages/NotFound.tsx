import { Link, useLocation } from 'react-router';
import { PageHeader } from '../ui/PageHeader.tsx';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <section className="card">
        <p>
          Outpost has no page at <code>{pathname}</code>.
        </p>
        <p>
          <Link to="/">Go to the Dashboard</Link>
        </p>
      </section>
    </>
  );
}
