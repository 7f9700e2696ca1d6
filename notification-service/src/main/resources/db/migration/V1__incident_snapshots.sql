-- The latest known state of every incident, from the headers of aiim.incident-events.v1: what routing,
-- update cadences and deadline reminders decide on. Only a newer version replaces a row.
create table incident_snapshot (
    incident_id  varchar(100) primary key,
    version      bigint       not null,
    status       varchar(20)  not null,
    severity     varchar(10),
    category     varchar(40)  not null,
    system_id    varchar(100),
    simulation   boolean      not null,
    last_event   varchar(100) not null,
    recorded_at  timestamptz  not null,
    updated_at   timestamptz  not null
);
