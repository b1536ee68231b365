import { useCallback, useRef, useState } from 'react';
import type { LinkFileResult } from '../../server/src/products/link-session/link-session.contract';
import { LinkApiError, type SessionApi } from './api';

/** The institution of statement uploads (Weft's own id, outside Plaid's `ins_<digits>`). */
export const FILES_INSTITUTION_ID = 'ins_weft_files';

/**
 * The largest file Link sends. The session API takes at most 20 MB per request (the statements
 * import's limit); a file travels base64-encoded, a third larger, with a little JSON around it.
 */
export const MAX_FILE_BYTES = 14 * 1024 * 1024;

/** The parser's verdict on a file, or Link's own (too large, not sent). */
export interface FileProblem {
  code: string;
  message: string;
  line: number | null;
}

/** One file on the upload pane, from the moment the user gives it to its result. */
export type Upload =
  | { key: number; name: string; status: 'waiting' }
  | { key: number; name: string; status: 'reading' | 'sending'; progress: number }
  | { key: number; name: string; status: 'importing' }
  | { key: number; name: string; status: 'done'; result: Extract<LinkFileResult, { ok: true }> }
  | { key: number; name: string; status: 'error'; error: FileProblem };

/** Reports each file's outcome as Plaid's document events would. */
export type UploadListener = (name: string, problem: FileProblem | null) => void;

/**
 * A queue of files sent one at a time, so each has its own progress and result and a bad file
 * cannot hold up the others. `accounts` is what the session's Item holds after the last answer.
 */
export function useUploads(api: SessionApi, onResult: UploadListener) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [accounts, setAccounts] = useState(0);
  const queue = useRef<{ key: number; file: File }[]>([]);
  const running = useRef(false);
  const nextKey = useRef(0);

  const update = useCallback((next: Upload) => {
    setUploads((list) => list.map((u) => (u.key === next.key ? next : u)));
  }, []);

  const send = useCallback(
    async (key: number, file: File) => {
      const name = file.name;
      const fail = (error: FileProblem) => {
        update({ key, name, status: 'error', error });
        onResult(name, error);
      };
      if (file.size > MAX_FILE_BYTES)
        return fail({
          code: 'FILE_TOO_LARGE',
          message: `${file.size} bytes; the limit is ${MAX_FILE_BYTES}`,
          line: null,
        });
      try {
        update({ key, name, status: 'reading', progress: 0 });
        const content = await readBase64(file, (p) => update({ key, name, status: 'reading', progress: p }));
        update({ key, name, status: 'sending', progress: 0 });
        const answer = await api.files([{ name, content_base64: content }], (p) =>
          update(p < 1 ? { key, name, status: 'sending', progress: p } : { key, name, status: 'importing' }),
        );
        setAccounts(answer.accounts);
        const result = answer.files[0];
        if (!result)
          return fail({ code: 'INTERNAL_SERVER_ERROR', message: 'no answer for this file', line: null });
        if (!result.ok) return fail(result.error);
        update({ key, name, status: 'done', result });
        onResult(name, null);
      } catch (e) {
        const error =
          e instanceof LinkApiError
            ? { code: e.error.error_code, message: e.error.error_message, line: null }
            : {
                code: 'INTERNAL_SERVER_ERROR',
                message: e instanceof Error ? e.message : String(e),
                line: null,
              };
        fail(error);
      }
    },
    [api, onResult, update],
  );

  const add = useCallback(
    (files: Iterable<File>) => {
      const jobs = [...files].map((file) => ({ key: nextKey.current++, file }));
      if (jobs.length === 0) return;
      setUploads((list) => [
        ...list,
        ...jobs.map((j): Upload => ({ key: j.key, name: j.file.name, status: 'waiting' })),
      ]);
      queue.current.push(...jobs);
      if (running.current) return;
      running.current = true;
      void (async () => {
        for (let job = queue.current.shift(); job; job = queue.current.shift()) await send(job.key, job.file);
        running.current = false;
      })();
    },
    [send],
  );

  const pending = uploads.some((u) => u.status !== 'done' && u.status !== 'error');
  return { uploads, accounts, pending, add };
}

/**
 * A file's bytes as base64, read by FileReader (progress as a fraction). A data URL is base64
 * already; only its `data:…;base64,` prefix goes.
 */
export function readBase64(file: Blob, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}
