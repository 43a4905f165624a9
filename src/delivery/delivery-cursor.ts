import { ValidationError } from '../errors.ts';
import type { DeliveryRecord } from '../store/store.ts';

export function encodeDeliveryCursor(delivery: DeliveryRecord): string {
  return Buffer.from(`${delivery.createdAt.getTime()}:${delivery.id}`).toString('base64url');
}

export function decodeDeliveryCursor(cursor: string): { createdAt: Date; id: string } {
  const match = /^(\d{1,15}):(dlv_[0-9a-f]{32})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) throw ValidationError.field(['after'], 'is not a cursor this listing gave out');
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}
