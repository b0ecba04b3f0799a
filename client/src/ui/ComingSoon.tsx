interface ComingSoonProps {
  summary: string;
  items: string[];
}

/** An honest placeholder: this page is not built yet, and this is what it will do. */
export function ComingSoon({ summary, items }: ComingSoonProps) {
  return (
    <section className="card coming-soon" aria-label="Coming soon">
      <p className="coming-soon__badge">Not built yet</p>
      <p>{summary}</p>
      <ul className="coming-soon__list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
