import { useId, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ContactsIndex } from '../data/contacts-index.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { useObservable } from '../data/hooks.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Popover } from '../ui/Popover.tsx';
import {
  bulkAddTag,
  bulkDelete,
  bulkEnroll,
  bulkRemoveTag,
  describeEnroll,
  tagsOf,
} from './bulk-actions.ts';
import { buildCsvParts, downloadCsv, toCsvBlob } from './export-csv.ts';
import { formatCount, plural } from './format.ts';
import { describeWriteError } from './write-feedback.ts';

interface BulkBarProps {
  selectedIds: readonly string[];
  db: OutpostDatabase;
  contacts: ContactsIndex;
  onClear: () => void;
  onMessage: (message: string) => void;
}

/** Actions over the selected contacts: tag, untag, enroll, export, delete. */
export function BulkBar({ selectedIds, db, contacts, onClear, onMessage }: BulkBarProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const count = selectedIds.length;

  /** Runs one action at a time, with progress in the bar and the outcome on the status line. */
  const run = async (
    label: string,
    action: (progress: (d: number, t: number) => void) => Promise<string>,
  ) => {
    setBusy(`${label}…`);
    try {
      const message = await action((done, total) =>
        setBusy(`${label}… ${formatCount(done)} of ${formatCount(total)}`),
      );
      onMessage(message);
    } catch (error) {
      onMessage(describeWriteError(error));
    } finally {
      setBusy(null);
    }
  };

  const exportCsv = () =>
    run('Exporting', async (progress) => {
      const rows = selectedIds.flatMap((id) => contacts.get(id) ?? []);
      const parts = await buildCsvParts(rows, { onProgress: progress });
      downloadCsv(await toCsvBlob(parts));
      return `Exported ${plural(rows.length, 'contact')} as CSV`;
    });

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <p className="bulk-bar__count" data-testid="selected-count">
        {formatCount(count)} selected
      </p>
      <TagAction
        label="Add tag"
        submitLabel="Add"
        disabled={busy !== null}
        onSubmit={(tag) => run('Tagging', (p) => bulkAddTag(db, selectedIds, tag, p))}
      />
      <TagAction
        label="Remove tag"
        submitLabel="Remove"
        disabled={busy !== null}
        suggestions={() => tagsOf(selectedIds.slice(0, 5_000).map((id) => contacts.get(id)))}
        onSubmit={(tag) => run('Untagging', (p) => bulkRemoveTag(db, selectedIds, tag, p))}
      />
      <EnrollAction
        db={db}
        disabled={busy !== null}
        onSubmit={(campaignId, name) =>
          run('Enrolling', async (p) =>
            describeEnroll(await bulkEnroll(db, campaignId, selectedIds, p), name),
          )
        }
      />
      <button type="button" className="button" disabled={busy !== null} onClick={exportCsv}>
        Export CSV
      </button>
      <button
        type="button"
        className="button button--danger-quiet"
        disabled={busy !== null}
        onClick={() => setConfirmDelete(true)}
      >
        Delete
      </button>
      <button type="button" className="button button--quiet" onClick={onClear}>
        Clear selection
      </button>
      {busy && (
        <p className="bulk-bar__busy" role="status">
          {busy}
        </p>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${plural(count, 'contact')}?`}
        confirmLabel={`Delete ${plural(count, 'contact')}`}
        danger
        onConfirm={() => {
          setConfirmDelete(false);
          const ids = [...selectedIds];
          return run('Deleting', async (p) => {
            const message = await bulkDelete(db, ids, p);
            onClear();
            return message;
          });
        }}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>They are removed from this device and, once synced, from your team’s Outpost.</p>
      </ConfirmDialog>
    </div>
  );
}

function ActionForm({ children, onSubmit }: { children: ReactNode; onSubmit: () => void }) {
  return (
    <form
      className="bulk-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

function TagAction({
  label,
  submitLabel,
  disabled,
  suggestions,
  onSubmit,
}: {
  label: string;
  submitLabel: string;
  disabled: boolean;
  suggestions?: () => string[];
  onSubmit: (tag: string) => void;
}) {
  return (
    <Popover label={label} panelLabel={label} buttonClassName="button">
      {(close) => (
        <TagForm
          submitLabel={submitLabel}
          disabled={disabled}
          suggestions={suggestions}
          onSubmit={(tag) => {
            close();
            onSubmit(tag);
          }}
        />
      )}
    </Popover>
  );
}

function TagForm({
  submitLabel,
  disabled,
  suggestions,
  onSubmit,
}: {
  submitLabel: string;
  disabled: boolean;
  suggestions?: () => string[];
  onSubmit: (tag: string) => void;
}) {
  const [tag, setTag] = useState('');
  const id = useId();
  const options = useMemo(() => suggestions?.() ?? [], [suggestions]);
  return (
    <ActionForm onSubmit={() => tag.trim() && onSubmit(tag.trim())}>
      <label htmlFor={id}>Tag</label>
      <input
        id={id}
        className="ui-input"
        value={tag}
        maxLength={60}
        list={options.length ? `${id}-list` : undefined}
        onChange={(event) => setTag(event.target.value)}
        autoFocus
      />
      {options.length > 0 && (
        <datalist id={`${id}-list`}>
          {options.map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      )}
      <button type="submit" className="button button--primary" disabled={disabled || !tag.trim()}>
        {submitLabel}
      </button>
    </ActionForm>
  );
}

function EnrollAction({
  db,
  disabled,
  onSubmit,
}: {
  db: OutpostDatabase;
  disabled: boolean;
  onSubmit: (campaignId: string, name: string) => void;
}) {
  return (
    <Popover label="Enroll in campaign" panelLabel="Enroll in campaign" buttonClassName="button">
      {(close) => (
        <EnrollForm
          db={db}
          disabled={disabled}
          onSubmit={(id, name) => {
            close();
            onSubmit(id, name);
          }}
        />
      )}
    </Popover>
  );
}

function EnrollForm({
  db,
  disabled,
  onSubmit,
}: {
  db: OutpostDatabase;
  disabled: boolean;
  onSubmit: (campaignId: string, name: string) => void;
}) {
  const campaigns$ = useMemo(() => db.campaigns.find({ selector: { archived: false } }).$, [db]);
  const campaigns = useObservable(campaigns$, null);
  const [chosen, setChosen] = useState('');
  const id = useId();
  if (campaigns === null) return <p className="muted">Loading campaigns…</p>;
  const sorted = [...campaigns].sort((a, b) => a.name.localeCompare(b.name));
  if (campaigns.length === 0) {
    return (
      <p className="bulk-form__empty">
        No campaigns yet. <Link to="/campaigns">Create one on the Campaigns page</Link>.
      </p>
    );
  }
  const campaignId = chosen || sorted[0]!.id;
  const campaign = sorted.find((c) => c.id === campaignId);
  return (
    <ActionForm onSubmit={() => campaign && onSubmit(campaign.id, campaign.name)}>
      <label htmlFor={id}>Campaign</label>
      <select
        id={id}
        className="ui-input"
        value={campaignId}
        onChange={(event) => setChosen(event.target.value)}
      >
        {sorted.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--primary" disabled={disabled || !campaign}>
        Enroll
      </button>
    </ActionForm>
  );
}
