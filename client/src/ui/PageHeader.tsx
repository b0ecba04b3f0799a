interface PageHeaderProps {
  title: string;
  subtitle?: string;
}

/** The page's h1, and the document title, which React 19 hoists into <head>. */
export function PageHeader({ title, subtitle }: PageHeaderProps) {
  return (
    <header className="page-header">
      <title>{`${title} · Outpost`}</title>
      <h1>{title}</h1>
      {subtitle && <p className="page-header__subtitle">{subtitle}</p>}
    </header>
  );
}
