/**
 * The phone form's offline side. The draft is kept in localStorage as the inspector types
 * (small JSON); a submitted inspection waits in IndexedDB with its photos as blobs until it is
 * sent, on the `online` event or the next time the form opens. Each has the draft's clientId,
 * so a send that reached the server before the network dropped is answered with the same
 * record (the server's idempotency), never a second one.
 *
 * IndexedDB is used through a few lines of its own API rather than a library: two object
 * stores with get/put/delete/getAll are all that is needed.
 */
import type { InspectionCreateBody, InspectionDetail, SafetyPhotoView } from '@fazhi/domain/api/safety-inspections';
import { ApiError, api, upload } from '../../api.ts';

/** A photo on the phone: its compressed bytes are in IndexedDB under `key`. */
export interface LocalPhoto {
  key: string;
  name: string;
  /** Read from the original file's EXIF before compression stripped it. */
  takenAt?: string;
  latitude?: number;
  longitude?: number;
  /** Set once uploaded, so a resend does not upload it again. */
  serverId?: string;
}

export interface DraftHazard {
  /** The hazard's key in the form (React's list key). */
  key: string;
  description: string;
  location: string;
  level: 'general' | 'major';
  basis: string;
  measure: string;
  rectifyDeadline: string;
  responsiblePerson: string;
  photos: LocalPhoto[];
}

export interface Draft {
  clientId: string;
  unitId?: string;
  kind: 'comprehensive' | 'special' | 'holiday' | 'recheck';
  inspectedOn: string;
  place: string;
  checklistId?: string;
  results: { code: string; text: string; basis: string; result: 'ok' | 'problem' | 'na'; note?: string }[];
  findings: string;
  actionTaken: string;
  officerIds: number[];
  principalSigned: boolean;
  refusalNote: string;
  photos: LocalPhoto[];
  hazards: DraftHazard[];
  savedAt?: string;
}

export interface QueuedInspection {
  clientId: string;
  draft: Draft;
  queuedAt: string;
  /** The server's refusal (a 4xx): the inspection goes back to the form to be corrected. */
  error?: string;
}

const DRAFT_KEY = 'fazhi.safety.inspection-draft';

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, and a town server may be plain http on its LAN. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function newDraft(today: string): Draft {
  return {
    clientId: uuid(),
    kind: 'comprehensive',
    inspectedOn: today,
    place: '',
    results: [],
    findings: '',
    actionTaken: '',
    officerIds: [],
    principalSigned: true,
    refusalNote: '',
    photos: [],
    hazards: [],
  };
}

export function loadDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(d: Draft): void {
  localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...d, savedAt: new Date().toISOString() }));
}

export function clearDraft(): void {
  localStorage.removeItem(DRAFT_KEY);
}

// ------------------------------------------------------------------ IndexedDB

const DB_NAME = 'fazhi-safety';
const PHOTOS = 'photos';
const QUEUE = 'queue';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(PHOTOS);
      req.result.createObjectStore(QUEUE, { keyPath: 'clientId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(store: string, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(store, mode);
      const r = op(t.objectStore(store));
      t.oncomplete = () => resolve(r.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

export const putPhotoBlob = (key: string, blob: Blob) => tx(PHOTOS, 'readwrite', (s) => s.put(blob, key));
export const getPhotoBlob = (key: string) => tx<Blob | undefined>(PHOTOS, 'readonly', (s) => s.get(key));
export const deletePhotoBlob = (key: string) => tx(PHOTOS, 'readwrite', (s) => s.delete(key));
export const queued = () => tx<QueuedInspection[]>(QUEUE, 'readonly', (s) => s.getAll());
const putQueued = (q: QueuedInspection) => tx(QUEUE, 'readwrite', (s) => s.put(q));
const deleteQueued = (clientId: string) => tx(QUEUE, 'readwrite', (s) => s.delete(clientId));

export async function enqueue(d: Draft): Promise<void> {
  await putQueued({ clientId: d.clientId, draft: d, queuedAt: new Date().toISOString() });
}

/** Takes a refused inspection back out of the queue, to be corrected in the form. */
export async function dequeue(clientId: string): Promise<void> {
  await deleteQueued(clientId);
}

// ------------------------------------------------------------------ sending

const allPhotos = (d: Draft) => [...d.photos, ...d.hazards.flatMap((h) => h.photos)];

/** A network failure (offline, server unreachable): keep the inspection and try later. */
export const isOffline = (e: unknown) => e instanceof ApiError && e.status === 0;

async function uploadPhoto(p: LocalPhoto): Promise<string> {
  const blob = await getPhotoBlob(p.key);
  if (!blob) throw new ApiError(422, 'UNPROCESSABLE', `照片「${p.name}」在本机已丢失，请重新拍摄`);
  const form = new FormData();
  form.append('file', blob, p.name);
  const r = await upload<SafetyPhotoView>('/api/safety/photos', form, {
    query: { takenAt: p.takenAt, latitude: p.latitude, longitude: p.longitude },
  });
  return r.id;
}

export function bodyOf(d: Draft): InspectionCreateBody {
  const ids = (ps: LocalPhoto[]) => ps.flatMap((p) => (p.serverId ? [Number(p.serverId)] : []));
  return {
    clientId: d.clientId,
    unitId: Number(d.unitId),
    kind: d.kind,
    inspectedOn: d.inspectedOn,
    place: d.place,
    ...(d.checklistId ? { checklistId: Number(d.checklistId) } : {}),
    results: d.results.map((r) => ({ ...r, ...(r.note ? { note: r.note } : { note: undefined }) })),
    findings: d.findings,
    actionTaken: d.actionTaken,
    officerIds: d.officerIds,
    principalSigned: d.principalSigned,
    ...(d.principalSigned || !d.refusalNote ? {} : { refusalNote: d.refusalNote }),
    photoIds: ids(d.photos),
    hazards: d.hazards.map((h) => ({
      description: h.description,
      location: h.location,
      level: h.level,
      ...(h.basis ? { basis: h.basis } : {}),
      ...(h.measure ? { measure: h.measure } : {}),
      ...(h.rectifyDeadline ? { rectifyDeadline: h.rectifyDeadline } : {}),
      ...(h.responsiblePerson ? { responsiblePerson: h.responsiblePerson } : {}),
      photoIds: ids(h.photos),
    })),
  };
}

/**
 * Sends one queued inspection: its photos not yet uploaded, then the record. Returns the record,
 * or null when the network is away (it stays queued). A refusal by the server is kept on the
 * queued item (`error`) and thrown.
 */
export async function send(q: QueuedInspection): Promise<InspectionDetail | null> {
  const d = q.draft;
  try {
    for (const p of allPhotos(d)) {
      if (!p.serverId) {
        p.serverId = await uploadPhoto(p);
        // Saved at once: a drop now must not upload the photo twice.
        await putQueued(q);
      }
    }
    const r = await api.post<InspectionDetail>('/api/safety/inspections', bodyOf(d));
    await deleteQueued(q.clientId);
    for (const p of allPhotos(d)) await deletePhotoBlob(p.key);
    return r;
  } catch (e) {
    if (isOffline(e)) return null;
    await putQueued({ ...q, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

/** Sends every queued inspection that is not waiting for a correction; how many went. */
export async function flush(): Promise<{ sent: number; waiting: number }> {
  let sent = 0;
  const items = await queued();
  for (const q of items) {
    if (q.error) continue;
    try {
      if (await send(q)) sent += 1;
    } catch {
      // kept with its error, shown in the form
    }
  }
  const waiting = (await queued()).length;
  return { sent, waiting };
}

// ------------------------------------------------------------------ photos in the browser

/**
 * The time and place the camera wrote into the original file (exifr works in the browser).
 * Read before compressing: a canvas re-encode drops EXIF.
 */
export async function readPhotoExif(file: File): Promise<Pick<LocalPhoto, 'takenAt' | 'latitude' | 'longitude'>> {
  try {
    const { default: exifr } = await import('exifr');
    const tags = await exifr.parse(file, { pick: ['DateTimeOriginal'] });
    const out: Pick<LocalPhoto, 'takenAt' | 'latitude' | 'longitude'> = {};
    // exifr reads the camera's wall clock in the phone's own time zone, which is where it was taken.
    const t = tags?.DateTimeOriginal;
    if (t instanceof Date && !Number.isNaN(t.getTime())) out.takenAt = t.toISOString();
    const gps = await exifr.gps(file).catch(() => undefined);
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude)) {
      out.latitude = gps.latitude;
      out.longitude = gps.longitude;
    }
    return out;
  } catch {
    return {};
  }
}

/** The longest side of an uploaded photo: enough to read a label on an extinguisher. */
export const MAX_PHOTO_SIDE = 1600;

/**
 * A JPEG of at most MAX_PHOTO_SIDE pixels on its longest side (a phone's 12 MP photo is 3–5 MB;
 * this is ~300 KB, which a weak signal can still carry). Canvas is enough for this, so no library.
 */
export async function compressPhoto(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return file;
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', 0.8));
}
