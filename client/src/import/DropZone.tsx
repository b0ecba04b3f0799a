import { useId, useState, type DragEvent } from 'react';

interface DropZoneProps {
  disabled?: boolean;
  onFile: (file: File) => void;
}

/** Drop a CSV here or pick one; nothing is read on the main thread. */
export function DropZone({ disabled = false, onFile }: DropZoneProps) {
  const inputId = useId();
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={`drop-zone card${over ? ' drop-zone--over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p className="drop-zone__title">Drop a CSV file here</p>
      <p className="muted">
        Exports of HubSpot, Apollo, Salesforce, Sales Navigator tools or Excel (any language, comma,
        semicolon or tab separated).
      </p>
      <label htmlFor={inputId} className="button button--primary">
        Choose a CSV file
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/plain"
        aria-label="Choose a CSV file"
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
    </div>
  );
}
