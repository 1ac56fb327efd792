-- Every existing transaction alert, re-screen alert and verification in manual_review becomes a case, with its
-- 'created' event (and a 'decided' event for a closed alert: outcome clear). Ids are derived from the subject's id
-- so the migration is deterministic; the unique (kind, subject_id) index and NOT EXISTS keep it from doubling.
-- Due dates use the default SLA hours (critical 4, high 24, normal 72). Portable SQL (window function, ||, CASE).
INSERT INTO cases (id, seq, kind, status, priority, priority_rank, user_id, subject_id, summary, assignee, escalated,
  created_at, due_at, outcome, decision_reason, decided_by, decided_at)
SELECT
  'case_mig_' || a.alert_id,
  (SELECT COALESCE(MAX(seq), 0) FROM cases) + ROW_NUMBER() OVER (ORDER BY a.detected_at, a.alert_id),
  'transaction',
  CASE WHEN a.status = 'closed' THEN 'decided' ELSE 'open' END,
  CASE
    WHEN a.decision = 'block' AND d.reason_codes LIKE '%"sanctions.%' THEN 'critical'
    WHEN a.decision IN ('block', 'review') THEN 'high'
    ELSE 'normal'
  END,
  CASE
    WHEN a.decision = 'block' AND d.reason_codes LIKE '%"sanctions.%' THEN 3
    WHEN a.decision IN ('block', 'review') THEN 2
    ELSE 1
  END,
  a.user_id,
  a.alert_id,
  CASE WHEN a.decision = 'review' THEN 'held' ELSE a.decision END || ' · '
    || REPLACE(REPLACE(REPLACE(REPLACE(d.reason_codes, '[', ''), ']', ''), '"', ''), ',', ', ')
    || ' · ' || t.amount_usd || ' USD',
  NULL,
  0,
  a.detected_at,
  a.detected_at + CASE
    WHEN a.decision = 'block' AND d.reason_codes LIKE '%"sanctions.%' THEN 4
    WHEN a.decision IN ('block', 'review') THEN 24
    ELSE 72
  END * 3600000,
  CASE WHEN a.status = 'closed' THEN 'clear' END,
  CASE WHEN a.status = 'closed' THEN 'alert_closed_before_casework' END,
  CASE WHEN a.status = 'closed' THEN 'system:migration' END,
  CASE WHEN a.status = 'closed' THEN COALESCE(a.status_changed_at, a.detected_at) END
FROM transaction_alerts a
JOIN transaction_decisions d ON d.transaction_id = a.transaction_id
JOIN screened_transactions t ON t.transaction_id = a.transaction_id
WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.kind = 'transaction' AND c.subject_id = a.alert_id);
--> statement-breakpoint
INSERT INTO cases (id, seq, kind, status, priority, priority_rank, user_id, subject_id, summary, assignee, escalated,
  created_at, due_at, outcome, decision_reason, decided_by, decided_at)
SELECT
  'case_mig_' || r.alert_id,
  (SELECT COALESCE(MAX(seq), 0) FROM cases) + ROW_NUMBER() OVER (ORDER BY r.detected_at, r.alert_id),
  'sanctions_rescreen',
  CASE WHEN r.status = 'closed' THEN 'decided' ELSE 'open' END,
  'critical',
  3,
  r.user_id,
  r.alert_id,
  're-screen hit · ' || r.source || ' ' || r.source_id,
  NULL,
  0,
  r.detected_at,
  r.detected_at + 4 * 3600000,
  CASE WHEN r.status = 'closed' THEN 'clear_false_positive' END,
  CASE WHEN r.status = 'closed' THEN 'alert_' || COALESCE(r.close_reason, 'closed') || '_before_casework' END,
  CASE WHEN r.status = 'closed' THEN 'system:migration' END,
  CASE WHEN r.status = 'closed' THEN COALESCE(r.status_changed_at, r.detected_at) END
FROM rescreen_alerts r
WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.kind = 'sanctions_rescreen' AND c.subject_id = r.alert_id);
--> statement-breakpoint
INSERT INTO cases (id, seq, kind, status, priority, priority_rank, user_id, subject_id, summary, assignee, escalated,
  created_at, due_at, outcome, decision_reason, decided_by, decided_at)
SELECT
  'case_mig_' || v.id,
  (SELECT COALESCE(MAX(seq), 0) FROM cases) + ROW_NUMBER() OVER (ORDER BY v.updated_at, v.id),
  'kyc_review',
  'open',
  CASE WHEN v.sanctions_hits > 0 OR v.risk_level = 'high' THEN 'high' ELSE 'normal' END,
  CASE WHEN v.sanctions_hits > 0 OR v.risk_level = 'high' THEN 2 ELSE 1 END,
  v.user_id,
  v.id,
  'manual review · ' || v.provider || ' · risk ' || v.risk_level,
  NULL,
  0,
  v.updated_at,
  v.updated_at + CASE WHEN v.sanctions_hits > 0 OR v.risk_level = 'high' THEN 24 ELSE 72 END * 3600000,
  NULL,
  NULL,
  NULL,
  NULL
FROM kyc_verifications v
WHERE v.status = 'manual_review'
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.kind = 'kyc_review' AND c.subject_id = v.id);
--> statement-breakpoint
INSERT INTO case_events (id, case_id, type, at, actor, officer, data, text_enc)
SELECT
  'cev_' || c.id || '_created', c.id, 'created', c.created_at, 'system:migration', NULL,
  '{"kind":"' || c.kind || '","subjectId":"' || c.subject_id || '","priority":"' || c.priority
    || '","migrated":true}',
  NULL
FROM cases c
WHERE c.id LIKE 'case_mig_%'
  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id = 'cev_' || c.id || '_created');
--> statement-breakpoint
INSERT INTO case_events (id, case_id, type, at, actor, officer, data, text_enc)
SELECT
  'cev_' || c.id || '_decided', c.id, 'decided', c.decided_at, 'system:migration', NULL,
  '{"outcome":"' || c.outcome || '","reason":"' || c.decision_reason || '","migrated":true}',
  NULL
FROM cases c
WHERE c.id LIKE 'case_mig_%' AND c.status = 'decided'
  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id = 'cev_' || c.id || '_decided');
