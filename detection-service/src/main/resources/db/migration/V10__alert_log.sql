-- Alerts are accepted onto aiim.alerts.v1 (no database work on the request path) and deduplicated behind it, in
-- batches. What those batches, the monitors and the registry send goes through this outbox, written in the
-- transaction of the change it reports and relayed to Kafka afterwards (docs/messaging.md).
create table detection_outbox (
    seq          bigserial    primary key,
    message_id   varchar(200) not null unique,
    type         varchar(60)  not null,
    message_key  varchar(300) not null,
    occurred_at  timestamptz  not null,
    data         jsonb        not null,
    published_at timestamptz
);
create index detection_outbox_pending on detection_outbox (seq) where published_at is null;

-- A committed outbox row wakes the relay of every instance at once (NOTIFY is delivered at commit); polling is
-- only the fallback.
create function detection_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('aiim_detection_outbox', '');
    return null;
end $$;
create trigger detection_outbox_added after insert on detection_outbox
    for each statement execute function detection_outbox_notify();

-- Intake authenticates from an in-memory view of the integrations and the registry; a committed change to either
-- tells every instance to read it again (a revoked token stops working as the revocation commits).
create function intake_directory_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('aiim_intake_directory', tg_table_name);
    return null;
end $$;
create trigger integration_changed after insert or update or delete on integration
    for each statement execute function intake_directory_notify();
create trigger ai_system_changed after insert or update or delete on ai_system
    for each statement execute function intake_directory_notify();

-- A signed request is remembered with the request its alerts came in: the alerts of that request are applied, a
-- later request with the same signature (a replay) is dropped behind the log.
alter table intake_signature add column request_id varchar(100);

-- GET /api/v1/detections?dedupKey= without an integration: the sender's key is what follows the first colon
create index raised_detection_sender_key on raised_detection (substr(dedup_key, strpos(dedup_key, ':') + 1));
