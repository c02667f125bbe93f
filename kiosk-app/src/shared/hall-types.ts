/** Types of the hall's public protocol the kiosk uses (types only: no server code reaches the renderer). */
import type { z } from 'zod';
import type * as Protocol from '@hall/server/protocol';

export type Service = z.infer<typeof Protocol.Service>;
export type HallTicket = Protocol.Ticket;
export type QueueSnapshot = Protocol.QueueSnapshot;
export type ServiceLoad = Protocol.ServiceLoad;
