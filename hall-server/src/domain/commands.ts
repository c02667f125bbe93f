/**
 * Every command the hall accepts, and the one function that turns a command
 * into events. Pure: it reads the state and the context and returns events
 * (or throws a DomainError); it never changes the state itself.
 */
import {
  decideCancelAppointment,
  decideCheckIn,
  decideCreateAppointment,
  type CancelAppointment,
  type CheckInAppointment,
  type CreateAppointment,
} from './appointments.ts';
import {
  decideCallNext,
  decideCallTicket,
  decideFinish,
  decideRecall,
  decideSkip,
  decideStart,
  type CallNext,
  type CallTicket,
  type FinishTicket,
  type RecallTicket,
  type SkipTicket,
  type StartService,
} from './calls.ts';
import { decideApplyConfig, type ApplyConfig } from './day.ts';
import type { Decision } from './events.ts';
import { decideIssue, type IssueTicket } from './issue.ts';
import type { DecisionContext, HallState } from './model.ts';
import { decideUpdateServiceQuota, type UpdateServiceQuota } from './manager.ts';
import { decideLease, decideSyncOffline, type LeaseNumbers, type SyncOfflineTickets } from './offline.ts';
import { decideRate, type RateTicket } from './rating.ts';
import { decideCancel, decideReactivate, decideTransfer, type CancelTicket, type ReactivateTicket, type TransferTicket } from './requeue.ts';
import {
  decideClose,
  decideOpen,
  decidePause,
  decideResume,
  decideUpdateWindow,
  type CloseWindow,
  type OpenWindow,
  type PauseWindow,
  type ResumeWindow,
  type UpdateWindow,
} from './windows.ts';

export type Command =
  | IssueTicket
  | CallNext
  | CallTicket
  | RecallTicket
  | StartService
  | FinishTicket
  | SkipTicket
  | ReactivateTicket
  | TransferTicket
  | CancelTicket
  | RateTicket
  | OpenWindow
  | PauseWindow
  | ResumeWindow
  | CloseWindow
  | UpdateWindow
  | CreateAppointment
  | CheckInAppointment
  | CancelAppointment
  | ApplyConfig
  | LeaseNumbers
  | SyncOfflineTickets
  | UpdateServiceQuota;

export function decide(state: HallState, cmd: Command, ctx: DecisionContext): Decision<unknown> {
  switch (cmd.type) {
    case 'issueTicket':
      return decideIssue(state, cmd, ctx);
    case 'callNext':
      return decideCallNext(state, cmd, ctx);
    case 'callTicket':
      return decideCallTicket(state, cmd, ctx);
    case 'recallTicket':
      return decideRecall(state, cmd, ctx);
    case 'startService':
      return decideStart(state, cmd, ctx);
    case 'finishTicket':
      return decideFinish(state, cmd, ctx);
    case 'skipTicket':
      return decideSkip(state, cmd, ctx);
    case 'reactivateTicket':
      return decideReactivate(state, cmd, ctx);
    case 'transferTicket':
      return decideTransfer(state, cmd, ctx);
    case 'cancelTicket':
      return decideCancel(state, cmd, ctx);
    case 'rateTicket':
      return decideRate(state, cmd, ctx);
    case 'openWindow':
      return decideOpen(state, cmd, ctx);
    case 'pauseWindow':
      return decidePause(state, cmd, ctx);
    case 'resumeWindow':
      return decideResume(state, cmd, ctx);
    case 'closeWindow':
      return decideClose(state, cmd, ctx);
    case 'updateWindow':
      return decideUpdateWindow(state, cmd, ctx);
    case 'createAppointment':
      return decideCreateAppointment(state, cmd, ctx);
    case 'checkInAppointment':
      return decideCheckIn(state, cmd, ctx);
    case 'cancelAppointment':
      return decideCancelAppointment(state, cmd, ctx);
    case 'applyConfig':
      return decideApplyConfig(state, cmd, ctx);
    case 'leaseNumbers':
      return decideLease(state, cmd, ctx);
    case 'syncOfflineTickets':
      return decideSyncOffline(state, cmd, ctx);
    case 'updateServiceQuota':
      return decideUpdateServiceQuota(state, cmd, ctx);
  }
}
