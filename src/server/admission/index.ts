export {
  type Admission,
  type AdmissionStatus,
  createAdmission,
  ingestRoom,
  type Decision,
  RETRY_AFTER_SECONDS,
  type ShedReason,
} from './admission';
export { httpAdmission, restAdmission } from './http-gate';
export { type Priority, priorityOfRequest, priorityOfViewer } from './priority';
