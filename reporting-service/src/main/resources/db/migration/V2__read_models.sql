-- Read models folded from incident_event_log. Each incident's record covers its events from version 1 up to
-- the first gap; stale says a later version arrived before an earlier one (the record waits for it).
create table incident_record (
    incident_id      varchar(100) primary key,
    data             jsonb        not null,
    version          bigint       not null,
    received_version bigint       not null,
    stale            boolean      not null,
    simulation       boolean      not null,
    detected_at      timestamptz  not null,
    system_id        varchar(100),
    updated_at       timestamptz  not null
);
create index incident_record_production on incident_record (simulation, detected_at);

-- Per incident, what aiim.notifications.v1 said: messages sent and failed, pages acknowledged, updates missed.
create table incident_notification_count (
    incident_id        varchar(100) primary key,
    sent               int not null default 0,
    failed             int not null default 0,
    pages_acknowledged int not null default 0,
    missed_updates     int not null default 0
);

-- AI systems from aiim.ai-systems.v1 (newest version kept): owner team and client, for filters.
create table ai_system (
    id          varchar(100) primary key,
    version     bigint       not null,
    client_name varchar(300),
    data        jsonb        not null
);
create index ai_system_client on ai_system (client_name);
