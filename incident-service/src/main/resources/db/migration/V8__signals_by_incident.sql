-- An incident's signals, newest first (GET /api/v1/incidents/{id}/signals): an alert storm's incident may have
-- tens of thousands, of which the incident itself keeps the first hundred and a count.
create index detection_signal_incident on detection_signal (incident_id, detected_at desc, detection_id)
    where incident_id is not null;
