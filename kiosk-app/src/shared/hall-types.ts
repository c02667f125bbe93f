/** Types of the hall's public protocol the kiosk uses (types only: no server code reaches the renderer). */
import type { z } from 'zod';
import type * as Protocol from '@hall/server/protocol';

export type Service = z.infer<typeof Protocol.Service>;
export type HallTicket = Protocol.Ticket;
export type QueueSnapshot = Protocol.QueueSnapshot;
export type ServiceLoad = Protocol.ServiceLoad;
export type ServiceGuide = z.infer<typeof Protocol.ServiceGuide>;
export type FormField = z.infer<typeof Protocol.FormField>;
export type FieldError = z.infer<typeof Protocol.FieldError>;
export type FilingSummary = z.infer<typeof Protocol.FilingSummary>;
export type FilingStatus = FilingSummary['status'];
export type FilingService = z.infer<typeof Protocol.FilingService>;
export type MyMaterial = z.infer<typeof Protocol.MyMaterial>;
