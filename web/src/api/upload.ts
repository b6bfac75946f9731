// File uploads with progress. fetch() reports no upload progress, so this uses XMLHttpRequest with the same
// headers as the fetch client (CSRF token, Accept-Language) and throws problem replies as ApiError.

import i18n, { currentLanguage } from '../i18n';
import { ApiError, getCsrfToken, type Problem } from './client';

/** POSTs `file` (multipart field `file`, plus any `fields`) to `path`; `onProgress` gets 0…1 while sending. */
export function uploadWithProgress<T>(path: string, file: File, onProgress: (fraction: number) => void, fields: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'network' }, i18n.t('errors.network')));
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(payload as T);
      } else {
        const problem: Problem = payload && typeof payload === 'object' ? (payload as Problem) : {};
        reject(new ApiError(xhr.status, problem, i18n.t('errors.unexpected', { status: xhr.status })));
      }
    };
    const form = new FormData();
    // fields first: a multipart parser may read them before it streams the file
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
