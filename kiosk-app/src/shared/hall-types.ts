/** Types of the hall's public protocol the kiosk uses (types only: no server code reaches the renderer). */
import type { z } from 'zod';
import type * as Protocol from '@hall/server/protocol';

export type {
  FieldError,
  FilingService,
  FilingStatus,
  FilingSummary,
  FormField,
  MyMaterial,
  QueueSnapshot,
  ServiceGuide,
  ServiceLoad,
  Ticket as HallTicket,
} from '@hall/server/protocol';

/** A service item as the hall lists it (the protocol exports its schema only). */
export type Service = z.infer<typeof Protocol.Service>;
