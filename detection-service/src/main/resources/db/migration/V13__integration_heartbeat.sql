-- A dead-man's switch per integration: one that declares a heartbeat (Alertmanager's Watchdog alert, for
-- example) and sends nothing for longer raises an AVAILABILITY detection, resolved when it is heard again.
alter table integration add column heartbeat_seconds integer;

-- When each such integration was last heard from (the alert log consumer moves it, one statement per poll), and
-- the detection its silence raised while it lasts.
create table integration_heartbeat (
    integration_id varchar(64) primary key references integration (integration_id),
    last_seen_at   timestamptz,
    detection_id   varchar(64),
    silent_since   timestamptz
);
