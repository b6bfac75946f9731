import { createHash } from 'node:crypto';
import path from 'node:path';
import { AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { isOleCompoundFile, isZip } from '../shared/xlsx.ts';
import { loadForAction, requireStage, requireStatus } from './guard.ts';

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Allowed evidence types: checked by extension AND by the file's first bytes, so a renamed executable or a script
 * saved as .pdf is refused.
 */
const TYPES: Record<string, { mime: string; magic: (b: Buffer) => boolean }> = {
  '.pdf': { mime: 'application/pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  '.png': { mime: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.jpg': { mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.jpeg': { mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.docx': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: isZip },
  '.xlsx': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: isZip },
  '.pptx': { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: isZip },
  '.doc': { mime: 'application/msword', magic: isOleCompoundFile },
  '.xls': { mime: 'application/vnd.ms-excel', magic: isOleCompoundFile },
};

/** A safe display name: no directories, no control characters, no leading dots, at most 200 characters. */
export function safeFileName(name: string): string | null {
  const base = name.normalize('NFC');
  if (base.includes('/') || base.includes('\\') || base.includes('\0')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(base) || base.startsWith('.') || base.trim() !== base || base.length === 0 || base.length > 200) return null;
  return base;
}

export function evidenceType(fileName: string, bytes: Buffer): { mime: string } | { error: 'type' } {
  const ext = path.extname(fileName).toLowerCase();
  const t = TYPES[ext];
  if (!t?.magic(bytes)) return { error: 'type' };
  return { mime: t.mime };
}

/** Stores an evidence file for a leaf. The bytes are kept once per sha256, however often they are uploaded. */
export async function uploadEvidence(c: UseCaseContext, assessmentId: string, code: string, file: { name: string; bytes: Buffer; truncated: boolean }) {
  if (file.truncated || file.bytes.length > EVIDENCE_MAX_BYTES) throw new AppError('body_too_large', { status: 413 });
  const name = safeFileName(file.name);
  if (!name) throw fieldInvalid('par_evidence_name', 'file');
  const type = evidenceType(name, file.bytes);
  if ('error' in type) throw fieldInvalid('par_evidence_type', 'file', { ext: path.extname(name) || '—' });
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.selfScore');
    const stage = l.cycle.stage === 'explanation' ? 'explanation' : 'self';
    if (stage === 'self') {
      requireStage(l.cycle, 'selfAssessment', 'appraisal');
      requireStatus(l.assessment, 'draft', 'returned');
    } else requireStatus(l.assessment, 'appraised');
    if (!l.framework.nodes.some((n) => n.code === code) || l.framework.nodes.some((n) => n.parentCode === code)) {
      throw fieldInvalid('par_unknown_leaf', 'params.code', { code });
    }
    await trx
      .insertInto('blobs')
      .values({ sha256, size: file.bytes.length, mime: type.mime, bytes: file.bytes })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const row = await trx
      .insertInto('par_evidence')
      .values({
        assessment_id: assessmentId,
        unit_id: l.assessment.unitId,
        node_code: code,
        sha256,
        file_name: name,
        stage,
        uploaded_by: actorIdOrNull(c.actor),
        uploaded_at: c.clock.now(),
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('par_score_history')
      .values({
        assessment_id: assessmentId,
        unit_id: l.assessment.unitId,
        node_code: code,
        stage: stage === 'self' ? 'self' : 'explanation',
        points: null,
        reason: null,
        evidence_delta: JSON.stringify({ added: [{ id: row.id, name, sha256 }] }),
        actor_id: actorIdOrNull(c.actor),
        actor_name: c.actor.displayName,
        at: c.clock.now(),
      })
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.evidence.add',
      entityType: 'parEvidence',
      entityId: row.id,
      unitId: l.assessment.unitId,
      after: { code, name, sha256, size: file.bytes.length },
      ip: c.ip,
    });
    return { id: row.id, name, sha256, size: file.bytes.length, mime: type.mime };
  });
}

export async function removeEvidence(c: UseCaseContext, evidenceId: string) {
  return c.db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom('par_evidence').selectAll().where('id', '=', evidenceId).where('removed_at', 'is', null).executeTakeFirst();
    if (!e) throw notFound();
    const l = await loadForAction(c, trx, e.assessment_id, 'par.selfScore');
    if (e.stage === 'self') {
      requireStage(l.cycle, 'selfAssessment', 'appraisal');
      requireStatus(l.assessment, 'draft', 'returned');
    } else {
      requireStage(l.cycle, 'explanation');
      requireStatus(l.assessment, 'appraised');
    }
    await trx.updateTable('par_evidence').set({ removed_at: c.clock.now() }).where('id', '=', evidenceId).execute();
    await trx
      .insertInto('par_score_history')
      .values({
        assessment_id: e.assessment_id,
        unit_id: e.unit_id,
        node_code: e.node_code,
        stage: e.stage,
        points: null,
        reason: null,
        evidence_delta: JSON.stringify({ removed: [{ id: e.id, name: e.file_name, sha256: e.sha256 }] }),
        actor_id: actorIdOrNull(c.actor),
        actor_name: c.actor.displayName,
        at: c.clock.now(),
      })
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.evidence.remove',
      entityType: 'parEvidence',
      entityId: e.id,
      unitId: e.unit_id,
      before: { code: e.node_code, name: e.file_name, sha256: e.sha256 },
      ip: c.ip,
    });
  });
}

/** The bytes of an evidence file, for anyone who may read the unit's assessment. */
export async function readEvidence(c: UseCaseContext, evidenceId: string) {
  const e = await c.db.selectFrom('par_evidence').selectAll().where('id', '=', evidenceId).executeTakeFirst();
  if (!e) throw notFound();
  await loadForAction(c, c.db, e.assessment_id, 'par.read');
  const blob = await c.db.selectFrom('blobs').select(['bytes', 'mime', 'size']).where('sha256', '=', e.sha256).executeTakeFirstOrThrow();
  return { name: e.file_name, mime: blob.mime, bytes: blob.bytes };
}
