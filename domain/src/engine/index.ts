export {
  type AllowedAction,
  type ApplyOptions,
  type ApplyResult,
  ApprovalDecisionInput,
  allowedActions,
  applyAction,
  createCase,
} from './actions.ts';
export { type ActionKind, type ApprovalStatus, approvalStatus, parseActionKey } from './approval.ts';
export { BASIC_INFO_ACTION, type BasicInfoChange, basicInfoEvent, basicInfoFields } from './basic.ts';
export {
  type ClockLevel,
  type ClockState,
  type ClockStatus,
  clockFor,
  clockPassedProblem,
  clockStatus,
  UNIT_LABELS,
} from './clocks.ts';
export { CaseTypeDefinitionError, defineCaseType } from './define.ts';
export {
  type ActionPrefill,
  actionPrefill,
  documentApplies,
  documentRoles,
  issuableKinds,
  issueProblem,
  issueStates,
} from './documents.ts';
export { choice, choiceLabel } from './fields.ts';
export {
  INBOX_ASK_KEYS,
  INBOX_ASKS,
  type InboxAsk,
  type InboxAskRule,
  type InboxFacts,
  inboxAskRules,
  inboxFacts,
} from './inbox.ts';
export {
  CASE_LINK_KIND_KEYS,
  CASE_LINK_KINDS,
  type CaseLinkKind,
  caseLinkLabel,
  SYMMETRIC_LINK_KINDS,
} from './links.ts';
export { numberingProblem, type SequenceParts, sequenceNumber } from './numbering.ts';
export { isIsoInstant, shanghaiDate } from './time.ts';
export * from './types.ts';
export { conditionHolds, conditionText, isEmptyValue, labelAt, shapeKeys, validateInput } from './validate.ts';
