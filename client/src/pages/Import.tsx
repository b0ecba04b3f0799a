import { useState } from 'react';
import type { Inspection } from '../import/api.ts';
import { importWorker } from '../import/client.ts';
import { DropZone } from '../import/DropZone.tsx';
import { ImportHistory } from '../import/ImportHistory.tsx';
import { ImportReport } from '../import/ImportReport.tsx';
import { MappingStep } from '../import/MappingStep.tsx';
import { ProgressPanel } from '../import/ProgressPanel.tsx';
import { cancelImport, clearRun, startImport, useActiveRun } from '../import/runs.ts';
import { PageHeader } from '../ui/PageHeader.tsx';

type Picked = { file: File; inspection: Inspection } | null;

/**
 * Import: pick a file, check the mapping, watch it go in, read the report. All reading and
 * writing happens in the import worker; this page only shows where it is.
 */
export function ImportPage() {
  const run = useActiveRun();
  const [picked, setPicked] = useState<Picked>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const onFile = async (file: File) => {
    setProblem(null);
    clearRun();
    try {
      const inspection = await importWorker().api.inspect(file);
      setPicked({ file, inspection });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'This file could not be read.');
    }
  };

  let step;
  if (run?.phase === 'running') {
    step = (
      <ProgressPanel
        fileName={run.fileName}
        progress={run.progress}
        cancelling={cancelling}
        onCancel={async () => {
          if (!run.jobId) return;
          setCancelling(true);
          await cancelImport(run.jobId);
        }}
      />
    );
  } else if (run?.phase === 'finished') {
    step = (
      <ImportReport
        key={run.job.id}
        job={run.job}
        onDone={() => {
          clearRun();
          setPicked(null);
        }}
      />
    );
  } else if (picked) {
    step = (
      <MappingStep
        fileName={picked.file.name}
        inspection={picked.inspection}
        onCancel={() => setPicked(null)}
        onStart={(mapping, policy) => {
          setCancelling(false);
          setPicked(null);
          void startImport(picked.file, { mapping, policy });
        }}
      />
    );
  } else {
    step = <DropZone onFile={(file) => void onFile(file)} />;
  }

  return (
    <>
      <PageHeader
        title="Import"
        subtitle="Contacts from a CSV export of another tool, checked and merged with those you have."
      />
      {(problem || run?.phase === 'failed') && (
        <p className="import-problem card" role="alert">
          {problem ?? (run?.phase === 'failed' ? `The import stopped: ${run.message}` : '')}
        </p>
      )}
      {step}
      <ImportHistory busy={run?.phase === 'running'} />
    </>
  );
}
