/** Kysely table types. Kept by hand beside the SQL migrations; tests exercise both. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A jsonb column with a default: optional on insert. */
type JsonDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface OrgUnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  town_id: number | null;
  kind: 'county' | 'town' | 'village' | 'community' | 'department';
  name: string;
  code: string | null;
  path: string;
  depth: number;
  short_name: Generated<string | null>;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<number>;
  town_id: number | null;
  username: string;
  display_name: string;
  phone: string | null;
  password_hash: string;
  password_changed_at: Timestamp;
  must_change_password: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  disabled: Generated<boolean>;
  demo_account: Generated<boolean>;
  last_login_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: Timestamp;
}

export interface UserRolesTable {
  id: Generated<number>;
  town_id: number | null;
  user_id: number;
  role: string;
  unit_id: number;
  scope: 'self' | 'unit' | 'unit_tree' | 'town' | 'county';
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  ended_at: Date | null;
  end_reason: string | null;
}

/** A town's own policy by key (migration 0010; cases/town-settings.ts). */
export interface TownSettingsTable {
  town_id: number;
  key: string;
  value: Json;
  version: Generated<number>;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface SettingsTable {
  key: string;
  value: Json;
  version: Generated<number>;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  chain_id: number;
  seq: number;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  unit_id: number | null;
  unit_name: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure' | 'denied';
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  chain_id: number;
  seq: number;
  hash: string;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface CalendarOverridesTable {
  id: Generated<number>;
  town_id: number | null;
  /** 'YYYY-MM-DD' (the date parser keeps it a string). */
  day: string;
  workday: boolean;
  reason: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface NumberSequencesTable {
  town_id: number;
  scope: string;
  year: number;
  last_seq: number;
}

export interface CasesTable {
  id: Generated<number>;
  town_id: number;
  type: string;
  number: string;
  year: number;
  seq: number;
  title: string;
  summary: string | null;
  state: string;
  terminal: Generated<boolean>;
  unit_id: number | null;
  unit_path: string;
  assignee_id: number | null;
  owner_leader_id: number | null;
  created_by: number;
  risk: 'low' | 'medium' | 'high' | null;
  fields: Json<Record<string, unknown>>;
  actor_roles: ColumnType<string[], string[] | undefined, string[]>;
  approval_pending: Generated<boolean>;
  /** 'YYYY-MM-DD'. */
  next_due: string | null;
  next_clock: string | null;
  /** 'YYYY-MM-DD' (Asia/Shanghai) the case entered its terminal state; null while open (migration 0018). */
  closed_on: Generated<string | null>;
  party_names: Generated<string>;
  swept_on: string | null;
  confidential: Generated<boolean>;
  /** Written with sql`to_tsvector(…)`; never read. */
  search_vec: ColumnType<string, unknown, unknown>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseLinksTable {
  id: Generated<number>;
  town_id: number;
  from_case_id: number;
  to_case_id: number;
  kind: 'transferred_from' | 'penalty' | 'related';
  note: string | null;
  created_by: number;
  created_at: Timestamp;
}

export interface CaseEventsTable {
  case_id: number;
  seq: number;
  town_id: number;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
  data: Json<Record<string, unknown>> | null;
}

export interface PartiesTable {
  id: Generated<number>;
  town_id: number;
  kind: 'person' | 'org';
  name: string;
  id_enc: string | null;
  id_hash: string | null;
  id_masked: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  address: string | null;
  unit_id: number | null;
  /** 民族 and 职业 (migration 0015), people only. */
  ethnicity: string | null;
  occupation: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CasePartiesTable {
  case_id: number;
  party_id: number;
  town_id: number;
  role: string;
  name: string;
  sort: number;
}

export interface AttachmentsTable {
  id: Generated<number>;
  town_id: number;
  case_id: number;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  storage_key: string;
  uploaded_by: number;
  uploaded_at: Timestamp;
}

export interface DocumentsTable {
  id: Generated<number>;
  town_id: number;
  case_id: number | null;
  kind: string;
  title: string;
  number: string | null;
  template_version: string;
  sha256: string;
  size: number;
  storage_key: string;
  input: Json<Record<string, unknown>> | null;
  issued_by: number;
  issued_at: Timestamp;
  /** The voided copy this one corrects (migration 0014). */
  replaces_id: number | null;
}

/** 作废: one append-only row per voided document (migration 0014). */
export interface DocumentVoidsTable {
  document_id: number;
  town_id: number;
  case_id: number;
  reason: string;
  voided_by: number;
  voided_at: Timestamp;
}

export interface CaseClockBreachesTable {
  case_id: number;
  clock: string;
  due: string;
  town_id: number;
  recorded_at: Timestamp;
}

// ---- 矛盾纠纷排查 (0005_screening_campaigns.sql)

export interface ScreeningCampaignsTable {
  id: Generated<number>;
  town_id: number;
  kind: 'concentrated' | 'regular';
  title: string;
  /** 'YYYY-MM-DD'. */
  period_start: string;
  period_end: string;
  due_on: string;
  note: string | null;
  status: Generated<'open' | 'closed'>;
  created_by: number;
  closed_by: number | null;
  closed_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignReturnsTable {
  id: Generated<number>;
  town_id: number;
  campaign_id: number;
  unit_id: number;
  unit_path: string;
  status: Generated<'pending' | 'returned'>;
  nil_return: Generated<boolean>;
  note: string | null;
  returned_by: number | null;
  returned_at: Date | null;
  version: Generated<number>;
}

/** One party of a screening entry as stored: ID and phone only as ciphertext. */
export interface StoredEntryParty {
  ref: string;
  role: 'applicant' | 'respondent';
  kind: 'person' | 'org';
  name: string;
  idEnc: string | null;
  idHash: string | null;
  idMasked: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
}

export interface CampaignEntriesTable {
  id: Generated<number>;
  town_id: number;
  campaign_id: number;
  return_id: number;
  unit_id: number;
  found_on: string;
  dispute_type: string;
  summary: string;
  requests: string;
  people_count: number;
  /** numeric(14,2) arrives as a string. */
  amount: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  risk_hint: string | null;
  parties: Json<StoredEntryParty[]>;
  party_names: Generated<string>;
  status: Generated<'new' | 'converted' | 'dismissed'>;
  dismiss_reason: string | null;
  case_id: number | null;
  created_by: number;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// ---- 开门接访、带案下访 (0007_petition_receptions.sql)

export interface ReceptionSlotsTable {
  id: Generated<number>;
  town_id: number;
  leader_id: number;
  /** 'YYYY-MM-DD'. */
  on_date: string;
  starts_at: string;
  ends_at: string;
  place: string;
  topic: string | null;
  published: Generated<boolean>;
  cancelled: Generated<boolean>;
  created_by: number;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReceptionsTable {
  id: Generated<number>;
  town_id: number;
  slot_id: number | null;
  leader_id: number;
  received_on: string;
  place: string;
  note: string | null;
  created_by: number;
  created_at: Timestamp;
}

export interface ReceptionVisitorsTable {
  id: Generated<number>;
  town_id: number;
  reception_id: number;
  sort: number;
  party_id: number;
  name: string;
  people_count: number;
  unit_id: number | null;
  matter: string;
  outcome: 'answered' | 'petition';
  answer: string | null;
  case_id: number | null;
}

export interface LeaderVisitsTable {
  id: Generated<number>;
  town_id: number;
  leader_id: number;
  visited_on: string;
  unit_id: number;
  unit_path: string;
  people_met: string;
  outcome: string;
  follow_up: string | null;
  created_by: number;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeaderVisitCasesTable {
  visit_id: number;
  case_id: number;
  town_id: number;
}

// ---- 法治政府建设年度报告 (0009_reports.sql)

export interface ReportsTable {
  id: Generated<number>;
  town_id: number;
  year: number;
  template: 'standard' | 'seed';
  title: string;
  state: Generated<'drafting' | 'submitted' | 'approved' | 'published'>;
  return_note: string | null;
  submitted_at: Date | null;
  submitted_by: number | null;
  approved_at: Date | null;
  approved_by: number | null;
  /** The approved version (report/service.ts FrozenReport). */
  frozen: Json<unknown> | null;
  published_on: string | null;
  published_where: string | null;
  published_by: number | null;
  created_by: number;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportSectionsTable {
  id: Generated<number>;
  town_id: number;
  report_id: number;
  key: string;
  title: string;
  level: number;
  sort_order: number;
  unit_id: number;
  /** domain/api/reports.ts Narrative. */
  narrative: Json<unknown>;
  submitted: Generated<boolean>;
  updated_by: number | null;
  updated_at: Date | null;
  version: Generated<number>;
}

// ---- Hand-entered report facts (0008_fact_manual_values.sql)

export interface FactManualValuesTable {
  id: Generated<number>;
  town_id: number;
  year: number;
  key: string;
  /** numeric(16,2) arrives as a string. */
  value: ColumnType<string, number | string, number | string>;
  source: string;
  note: string | null;
  entered_by: number;
  entered_at: Timestamp;
  superseded_at: Date | null;
  superseded_by: number | null;
}

// ---- 行政执法 (0019_enforcement.sql)

export interface EnforcementOfficersTable {
  id: Generated<number>;
  town_id: number;
  user_id: number | null;
  name: string;
  cert_no: string;
  cert_issuer: string;
  cert_fields: string[];
  /** 'YYYY-MM-DD'. */
  valid_from: string | null;
  valid_until: string;
  reviewer: Generated<boolean>;
  legal_qualification: Generated<boolean>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One level of a power's 裁量基准, in order of gravity. */
export interface DiscretionLevel {
  level: string;
  circumstances: string;
  fineMin: number | null;
  fineMax: number | null;
}

export interface EnforcementPowersTable {
  id: Generated<number>;
  town_id: number;
  code: string;
  field: string;
  matter: string;
  violated_basis: string;
  penalty_basis: string;
  penalty_range: string;
  /** numeric(14,2): pg returns strings. */
  fine_min: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  fine_max: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  delegated: Generated<boolean>;
  delegated_by: string | null;
  discretion: Json<DiscretionLevel[]>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ChallengeKind = 'reconsideration' | 'litigation';
export type ChallengeResult = 'upheld' | 'changed' | 'revoked' | 'unlawful' | 'withdrawn' | 'dismissed' | 'other';

export interface CaseChallengesTable {
  id: Generated<number>;
  town_id: number;
  case_id: number;
  kind: ChallengeKind;
  received_on: string;
  body: string;
  body_case_no: string | null;
  result: ChallengeResult | null;
  closed_on: string | null;
  head_appeared: boolean | null;
  note: string | null;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// ---- 安全生产检查 (0020_safety.sql)

/** A licence a unit holds (许可证照). */
export interface SafetyLicence {
  name: string;
  no: string;
  /** 'YYYY-MM-DD'. */
  validUntil: string | null;
}

export interface SafetyUnitsTable {
  id: Generated<number>;
  town_id: number;
  village_id: number | null;
  name: string;
  credit_code: string;
  address: string;
  industry: string;
  size: string;
  risk_class: 'key' | 'general';
  principal_name: string;
  principal_phone_enc: string | null;
  principal_phone_masked: string | null;
  safety_officer_name: string | null;
  safety_officer_phone_enc: string | null;
  safety_officer_phone_masked: string | null;
  licences: JsonDefault<SafetyLicence[]>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One item of a checklist: what is checked and the provision that requires it. */
export interface SafetyChecklistItem {
  code: string;
  text: string;
  basis: string;
}

export interface SafetyChecklistsTable {
  id: Generated<number>;
  town_id: number;
  industry: string;
  title: string;
  items: Json<SafetyChecklistItem[]>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type SafetyInspectionKind = 'comprehensive' | 'special' | 'holiday' | 'recheck';

export interface SafetyPlanItemsTable {
  id: Generated<number>;
  town_id: number;
  year: number;
  month: number;
  unit_id: number;
  kind: SafetyInspectionKind;
  note: string | null;
  /** Made by the generator (migration 0021): regenerating may replace it while unfulfilled. */
  generated: Generated<boolean>;
  created_by: number;
  created_at: Timestamp;
}

/** A checklist item as the inspector found it. */
export interface SafetyInspectionResult extends SafetyChecklistItem {
  result: 'ok' | 'problem' | 'na';
  note?: string | undefined;
}

export interface SafetyInspectionsTable {
  id: Generated<number>;
  town_id: number;
  unit_id: number;
  plan_item_id: number | null;
  kind: SafetyInspectionKind;
  /** 'YYYY-MM-DD'. */
  inspected_on: string;
  place: string;
  checklist_id: number | null;
  results: JsonDefault<SafetyInspectionResult[]>;
  findings: Generated<string>;
  action_taken: Generated<string>;
  officer_ids: number[];
  principal_signed: boolean;
  refusal_note: string | null;
  client_id: string;
  created_by: number;
  created_at: Timestamp;
}

export interface SafetyPhotosTable {
  id: Generated<number>;
  town_id: number;
  inspection_id: number | null;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  storage_key: string;
  taken_at: Date | null;
  latitude: number | null;
  longitude: number | null;
  uploaded_by: number;
  uploaded_at: Timestamp;
}

/** One person on a meeting's attendance list (migrations/0022_meetings.sql). */
export interface MeetingAttendee {
  name: string;
  post: string;
  /** member 应出席 (counts for the quorum) / observer 列席. */
  role: 'member' | 'observer';
  present: boolean;
  absenceReason?: string;
}

/** One view said on an agenda item, in the order spoken (条例 art 30). */
export interface MeetingView {
  name: string;
  view: 'agree' | 'disagree' | 'abstain' | 'other';
  words: string;
}

export interface MeetingsTable {
  id: Generated<number>;
  town_id: number;
  kind: 'party_committee' | 'joint' | 'mayor_office' | 'team';
  title: string;
  /** 'YYYY-MM-DD'. */
  held_on: string;
  place: string | null;
  status: Generated<'planned' | 'held' | 'cancelled'>;
  chair_name: string | null;
  chief_name: string | null;
  attendees: JsonDefault<MeetingAttendee[]>;
  minutes_no: string | null;
  recorder_name: string | null;
  /** Why a planned meeting was cancelled (migrations/0023_meetings_more.sql). */
  cancel_reason: string | null;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingItemsTable {
  id: Generated<number>;
  town_id: number;
  meeting_id: number;
  seq: number;
  subject: string;
  case_id: number | null;
  views: JsonDefault<MeetingView[]>;
  chief_view: string | null;
  conclusion: 'adopted' | 'amended' | 'rejected' | 'deferred' | null;
  conclusion_text: string | null;
  dissent: string | null;
  chief_differs_reason: string | null;
}

/** The yearly 决策事项目录 (migrations/0024_decision_catalogue.sql). */
export interface DecisionCatalogueItemsTable {
  id: Generated<number>;
  town_id: number;
  year: number;
  title: string;
  category: 'public_policy' | 'plan' | 'resources' | 'project' | 'other';
  lead_unit: string;
  planned_quarter: number | null;
  note: string | null;
  status: Generated<'draft' | 'approved' | 'published'>;
  /** 'YYYY-MM-DD'. */
  approved_on: string | null;
  published_on: string | null;
  ad_hoc: Generated<boolean>;
  case_id: number | null;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 0025_normative.sql: the county's filing period for town normative documents. */
export interface NormativeFilingSettingsTable {
  county_id: number;
  filing_days: number;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** A legal adviser of the town (migrations/0026_contracts_advisers.sql). */
export interface AdvisersTable {
  id: Generated<number>;
  town_id: number;
  kind: 'lawyer' | 'firm';
  name: string;
  licence_no: string;
  firm: string;
  phone: string | null;
  /** 'YYYY-MM-DD'. */
  term_from: string;
  term_to: string;
  contract_ref: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A written opinion of an adviser (法律意见), optionally on a case. */
export interface AdviserOpinionsTable {
  id: Generated<number>;
  town_id: number;
  adviser_id: number;
  given_on: string;
  subject: string;
  kind: string;
  case_id: number | null;
  /** numeric(6,1): text from PostgreSQL. */
  hours: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  summary: string;
  version: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DB {
  number_sequences: NumberSequencesTable;
  reports: ReportsTable;
  report_sections: ReportSectionsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_links: CaseLinksTable;
  parties: PartiesTable;
  case_parties: CasePartiesTable;
  attachments: AttachmentsTable;
  documents: DocumentsTable;
  document_voids: DocumentVoidsTable;
  case_clock_breaches: CaseClockBreachesTable;
  screening_campaigns: ScreeningCampaignsTable;
  campaign_returns: CampaignReturnsTable;
  campaign_entries: CampaignEntriesTable;
  reception_slots: ReceptionSlotsTable;
  receptions: ReceptionsTable;
  fact_manual_values: FactManualValuesTable;
  reception_visitors: ReceptionVisitorsTable;
  leader_visits: LeaderVisitsTable;
  leader_visit_cases: LeaderVisitCasesTable;
  calendar_overrides: CalendarOverridesTable;
  org_units: OrgUnitsTable;
  users: UsersTable;
  password_history: PasswordHistoryTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  town_settings: TownSettingsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  schema_migrations: SchemaMigrationsTable;
  enforcement_officers: EnforcementOfficersTable;
  enforcement_powers: EnforcementPowersTable;
  case_challenges: CaseChallengesTable;
  safety_units: SafetyUnitsTable;
  safety_checklists: SafetyChecklistsTable;
  safety_plan_items: SafetyPlanItemsTable;
  safety_inspections: SafetyInspectionsTable;
  safety_photos: SafetyPhotosTable;
  meetings: MeetingsTable;
  meeting_items: MeetingItemsTable;
  advisers: AdvisersTable;
  adviser_opinions: AdviserOpinionsTable;
  decision_catalogue_items: DecisionCatalogueItemsTable;
  normative_filing_settings: NormativeFilingSettingsTable;
}
