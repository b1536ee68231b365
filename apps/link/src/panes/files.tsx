import { type DragEvent, useCallback, useRef, useState } from 'react';
import type { SessionApi } from '../api';
import { type FileProblem, type Upload, type UploadListener, useUploads } from '../files-upload';
import type { Translator } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import type { LinkEventMetadata } from '../protocol';
import type { View } from '../view';
import { InstitutionLogo } from './institution-logo';
import { PaneFrame } from './pane-frame';

type FilesView = Extract<View, { v: 'files' }>;

/** What the file picker offers first; "All files" stays available, as CSV exports are often .txt. */
const ACCEPT = '.ofx,.qfx,.qif,.csv,.txt,.xml,.sta,.mt940,.940,.052,.053';

/**
 * Statement uploads: files dropped on the pane or chosen with the picker (a button, so the
 * keyboard reaches it) are sent one by one, each with its progress and then its result or error.
 */
export function FilesPane(props: {
  view: FilesView;
  api: SessionApi;
  busy: boolean;
  emit: (eventName: string, metadata: Partial<LinkEventMetadata>) => void;
  /** A file has gone into the session's Item (going back would now drop it). */
  onImported: () => void;
  onContinue: () => void;
}) {
  const { t } = useI18n();
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const { emit, onImported } = props;
  const { institution_id, name: institution_name } = props.view.institution;
  // Plaid's document events, one per file, with the parser's code as the error.
  const onResult = useCallback<UploadListener>(
    (file, problem) => {
      emit(problem ? 'SUBMIT_DOCUMENTS_ERROR' : 'SUBMIT_DOCUMENTS_SUCCESS', {
        ...(problem ? { error_code: problem.code, error_message: `${file}: ${problem.message}` } : {}),
        institution_id,
        institution_name,
        view_name: 'UPLOAD_DOCUMENTS',
      });
      if (!problem) onImported();
    },
    [emit, onImported, institution_id, institution_name],
  );
  const { uploads, accounts, pending, add } = useUploads(props.api, onResult);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    add(e.dataTransfer.files);
  };
  return (
    <PaneFrame
      lead={<InstitutionLogo institution={props.view.institution} large />}
      title={t('files.title')}
      actions={
        <button
          type="button"
          className="primary"
          disabled={props.busy || pending || accounts === 0}
          onClick={props.onContinue}
        >
          {t('action.continue')}
        </button>
      }
    >
      <section
        className={over ? 'dropzone over' : 'dropzone'}
        aria-label={t('files.dropLabel')}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>{t('files.drop')}</p>
        <button type="button" className="secondary" data-autofocus onClick={() => picker.current?.click()}>
          {t('files.choose')}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          accept={ACCEPT}
          aria-label={t('files.choose')}
          onChange={(e) => {
            if (e.target.files) add(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="muted">{t('files.formats')}</p>
      </section>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label={t('files.list')}>
          {uploads.map((u) => (
            <li key={u.key} className="upload">
              <span className="upload-name">{u.name}</span>
              <UploadState upload={u} />
            </li>
          ))}
        </ul>
      )}
    </PaneFrame>
  );
}

/** One file's progress, result or error. */
function UploadState({ upload: u }: { upload: Upload }) {
  const i18n = useI18n();
  const { t } = i18n;
  switch (u.status) {
    case 'waiting':
      return <span className="muted">{t('files.waiting')}</span>;
    case 'reading':
    case 'sending':
      return (
        <progress
          max={1}
          value={u.progress}
          aria-label={t(u.status === 'reading' ? 'files.reading' : 'files.sending')}
        >
          {Math.round(u.progress * 100)}%
        </progress>
      );
    case 'importing':
      return <progress aria-label={t('files.importing')} />;
    case 'done':
      return (
        <span className="muted" role="status">
          {[
            t('files.accounts', { count: u.result.accounts }),
            t('files.transactions', { count: u.result.transactions }),
            ...(u.result.added !== u.result.transactions
              ? [t('files.added', { count: u.result.added })]
              : []),
          ].join(' · ')}
        </span>
      );
    case 'error':
      return <FileError i18n={i18n} error={u.error} />;
  }
}

/** A file's error in the user's language; the parser's own words and line follow, as it wrote them. */
function FileError({ i18n, error }: { i18n: Translator; error: FileProblem }) {
  const { t } = i18n;
  const title = i18n.text(`files.error.${error.code}`) ?? t('files.error');
  const detail =
    error.line === null ? error.message : t('files.line', { line: error.line, message: error.message });
  return (
    <span className="upload-error" role="alert">
      <strong>{title}</strong>
      <span>{detail}</span>
      <span className="muted">{t('error.code', { code: error.code })}</span>
    </span>
  );
}
