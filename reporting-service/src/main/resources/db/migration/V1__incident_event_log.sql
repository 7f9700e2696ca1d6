-- Every incident integration event as received, one row per (incident, version): the source the
-- read models and regulator exports are built from, and can be rebuilt from.
create table incident_event_log (
    incident_id  varchar(100) not null,
    version      bigint       not null,
    type         varchar(100) not null,
    message_id   varchar(200) not null,
    recorded_at  timestamptz  not null,
    hash         varchar(64)  not null,
    prev_hash    varchar(64),
    simulation   boolean      not null,
    received_at  timestamptz  not null,
    data         jsonb        not null,
    primary key (incident_id, version)
);
