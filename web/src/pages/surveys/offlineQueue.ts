// Offline entry: forms keyed while the connection is down wait in the browser (localStorage, per survey) with an id
// made here. Syncing sends them to the batch endpoint, which stores each id once: a retried or repeated sync
// acknowledges what it already has and never duplicates; nothing leaves the queue before the server acknowledged it.

import { useCallback, useEffect, useState } from 'react';
import type { AnswerValue } from '../../../../src/domain/surveys/questionnaire.ts';
import { type BatchResult, syncBatch } from './api';

export type QueueStatus = 'pending' | 'synced' | 'rejected';

export interface QueueItem {
  id: string;
  unitId: string;
  answers: Record<string, AnswerValue>;
  collectedAt: string;
  dossierCode?: string;
  status: QueueStatus;
  reason?: string;
}

const key = (surveyId: string) => `cchc.surveys.queue.${surveyId}`;
const BATCH = 500;

export function loadQueue(surveyId: string): QueueItem[] {
  try {
    const raw = JSON.parse(window.localStorage.getItem(key(surveyId)) ?? '[]');
    return Array.isArray(raw) ? (raw as QueueItem[]) : [];
  } catch {
    return [];
  }
}

function saveQueue(surveyId: string, items: QueueItem[]): void {
  window.localStorage.setItem(key(surveyId), JSON.stringify(items));
}

/** A random (version 4) UUID; crypto.randomUUID exists only on https pages, getRandomValues everywhere. */
export function uuid4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface SyncOutcome {
  accepted: number;
  rejected: number;
}

/** The queue of one survey, kept in step with localStorage (also across tabs). */
export function useOfflineQueue(surveyId: string) {
  const [items, setItems] = useState<QueueItem[]>(() => loadQueue(surveyId));
  const [online, setOnline] = useState(() => navigator.onLine);

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === key(surveyId)) setItems(loadQueue(surveyId));
    };
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('storage', onStorage);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('storage', onStorage);
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [surveyId]);

  const update = useCallback(
    (fn: (items: QueueItem[]) => QueueItem[]) => {
      // read what is stored (another tab may have changed it), change, store, then show
      const next = fn(loadQueue(surveyId));
      saveQueue(surveyId, next);
      setItems(next);
    },
    [surveyId],
  );

  const add = useCallback(
    (item: Omit<QueueItem, 'id' | 'status' | 'collectedAt'>) =>
      update((q) => [...q, { ...item, id: uuid4(), collectedAt: new Date().toISOString(), status: 'pending' }]),
    [update],
  );

  /** Sends the pending forms (or, with `all`, every form again); each id is acknowledged by the server once stored. */
  const sync = useCallback(
    async (all = false): Promise<SyncOutcome> => {
      const toSend = loadQueue(surveyId).filter((i) => all || i.status === 'pending');
      const acks = new Map<string, BatchResult['acks'][number]>();
      for (let k = 0; k < toSend.length; k += BATCH) {
        const chunk = toSend.slice(k, k + BATCH);
        const reply = await syncBatch(surveyId, {
          responses: chunk.map((i) => ({
            id: i.id,
            unitId: i.unitId,
            answers: i.answers,
            collectedAt: i.collectedAt,
            ...(i.dossierCode ? { dossierCode: i.dossierCode } : {}),
          })),
        });
        for (const a of reply.acks) acks.set(a.id, a);
        // record each chunk's acknowledgements at once, so that a failure later keeps what already went through
        update((q) =>
          q.map((i) => {
            const a = acks.get(i.id);
            if (!a) return i;
            if (a.status === 'accepted') return { ...i, status: 'synced', reason: undefined };
            const reason = a.reason ?? (a.errors ?? []).map((e) => `${e.questionId}: ${e.message}`).join('; ');
            return { ...i, status: 'rejected', reason };
          }),
        );
      }
      let accepted = 0;
      let rejected = 0;
      for (const a of acks.values()) {
        if (a.status === 'accepted') accepted++;
        else rejected++;
      }
      return { accepted, rejected };
    },
    [surveyId, update],
  );

  const clearSynced = useCallback(() => update((q) => q.filter((i) => i.status !== 'synced')), [update]);

  return { items, online, add, sync, clearSynced };
}
